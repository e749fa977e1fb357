//! Lines of the source and a cursor over one line that counts columns the way Markdown does (tabs stop every 4).

/// The lines of `src` with the byte offset each starts at and whether it ended with a line break. `\n`, `\r\n`
/// and a lone `\r` all end a line.
pub(crate) fn lines(src: &str) -> impl Iterator<Item = (usize, &str, bool)> {
    let bytes = src.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        if at >= bytes.len() {
            return None;
        }
        let start = at;
        let mut end = start;
        while end < bytes.len() && bytes[end] != b'\n' && bytes[end] != b'\r' {
            end += 1;
        }
        let complete = end < bytes.len();
        at = match bytes.get(end) {
            Some(b'\r') if bytes.get(end + 1) == Some(&b'\n') => end + 2,
            Some(_) => end + 1,
            None => end,
        };
        Some((start, &src[start..end], complete))
    })
}

/// One line being taken apart: container markers and indentation are consumed from the left.
pub(super) struct Line {
    text: String,
    pos: usize,
    /// The column of `pos`, counting from the start of the line.
    pub col: usize,
}

impl Line {
    pub fn new(text: &str) -> Self {
        Line {
            text: text.to_string(),
            pos: 0,
            col: 0,
        }
    }

    /// Columns of whitespace ahead of the cursor.
    pub fn indent(&self) -> usize {
        let mut col = self.col;
        for b in self.text[self.pos..].bytes() {
            match b {
                b' ' => col += 1,
                b'\t' => col += 4 - col % 4,
                _ => break,
            }
        }
        col - self.col
    }

    /// Consumes up to `n` columns of whitespace; a tab that is only partly consumed becomes spaces.
    pub fn skip_cols(&mut self, n: usize) {
        let target = self.col + n;
        while self.col < target {
            match self.text.as_bytes().get(self.pos) {
                Some(b' ') => {
                    self.pos += 1;
                    self.col += 1;
                }
                Some(b'\t') => {
                    let width = 4 - self.col % 4;
                    if self.col + width <= target {
                        self.pos += 1;
                        self.col += width;
                    } else {
                        self.text.replace_range(self.pos..self.pos + 1, &" ".repeat(width));
                    }
                }
                _ => break,
            }
        }
    }

    /// Consumes `n` bytes of non-whitespace ASCII (markers).
    pub fn advance(&mut self, n: usize) {
        self.pos += n;
        self.col += n;
    }

    pub fn rest(&self) -> &str {
        &self.text[self.pos..]
    }

    /// What follows the indentation.
    pub fn content(&self) -> &str {
        self.rest().trim_start_matches([' ', '\t'])
    }

    pub fn is_blank(&self) -> bool {
        self.content().is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_ending_splits_and_offsets_are_exact() {
        let src = "a\nb\r\nc\rd\n\ne";
        let got: Vec<_> = lines(src).collect();
        assert_eq!(
            got,
            vec![
                (0, "a", true),
                (2, "b", true),
                (5, "c", true),
                (7, "d", true),
                (9, "", true),
                (10, "e", false)
            ]
        );
        assert_eq!(lines("x\r\n\r\ny").map(|l| l.1).collect::<Vec<_>>(), vec!["x", "", "y"]);
        assert_eq!(lines("").count(), 0);
    }

    #[test]
    fn tabs_count_to_the_next_stop_and_split_when_partly_consumed() {
        let mut line = Line::new(" \tx");
        assert_eq!(line.indent(), 4);
        line.skip_cols(2);
        assert_eq!((line.col, line.rest()), (2, "  x"));
        assert_eq!(line.indent(), 2);
    }
}
