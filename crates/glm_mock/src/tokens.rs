//! Cutting text into token-sized stream pieces: 1–4 words, or 1–3 CJK characters.

use crate::ask::is_cjk;
use crate::ids::Rng;

/// Cuts text into stream-sized pieces: 1–4 words, or 1–3 CJK characters. Concatenated, they give back the text.
pub fn pieces(text: &str) -> Vec<&str> {
    let ends = unit_ends(text);
    let mut rng = Rng::new(text.len() as u64);
    let (mut out, mut start, mut i) = (Vec::new(), 0, 0);
    while i < ends.len() {
        let cjk = text[start..].chars().next().is_some_and(is_cjk);
        i = (i + rng.between(1, if cjk { 3 } else { 4 })).min(ends.len());
        out.push(&text[start..ends[i - 1]]);
        start = ends[i - 1];
    }
    out
}

/// Byte offsets where units end: a word with its trailing whitespace, or one CJK character.
fn unit_ends(text: &str) -> Vec<usize> {
    let (mut ends, mut open, mut spaced) = (Vec::new(), false, false);
    for (i, c) in text.char_indices() {
        if is_cjk(c) {
            if open {
                ends.push(i);
            }
            ends.push(i + c.len_utf8());
            (open, spaced) = (false, false);
        } else if c.is_whitespace() {
            (open, spaced) = (true, true);
        } else {
            if open && spaced {
                ends.push(i);
                spaced = false;
            }
            open = true;
        }
    }
    if open {
        ends.push(text.len());
    }
    ends
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_rebuild_the_text_and_stay_small() {
        let text = "Hello there, this is a **test** of the splitter.\n\n你好，世界！这是一个测试。 Mixed 中文 and English 🎉 done.";
        let parts = pieces(text);
        assert_eq!(parts.concat(), text);
        assert!(parts.len() > 10);
        assert!(parts.iter().all(|p| !p.is_empty() && p.split_whitespace().count() <= 4));
        assert!(parts.iter().all(|p| p.chars().filter(|c| is_cjk(*c)).count() <= 3));
    }

    #[test]
    fn empty_text_has_no_pieces() {
        assert!(pieces("").is_empty());
    }
}
