//! The longer scripted texts: the Markdown showcase, the long reasoning and the benchmark corpus.

pub const MARKDOWN: &str = r#"# Markdown showcase

This answer uses **bold**, *italic*, ***both***, ~~strikethrough~~ and `inline code`, plus a [link to the GLM docs](https://docs.bigmodel.cn/) and an autolink <https://example.com/>.

## Lists

1. First ordered item
2. Second item with a nested list:
   - nested bullet *one*
   - nested bullet **two**
     1. deeper, numbered
3. Third item

- [x] Write the mock server
- [ ] Render every feature
- [ ] Ship it

## A table

| Model | Context | Price | Notes |
|:------|:-------:|------:|-------|
| glm-4.5 | 128K | ¥2 | reasoning + tools |
| glm-4.5-air | 128K | ¥0.8 | lighter |
| glm-4.5v | 64K | ¥2 | vision |

## Code

```rust
fn fibonacci(n: u64) -> u64 {
    match n {
        0 | 1 => n,
        _ => fibonacci(n - 1) + fibonacci(n - 2),
    }
}
```

```python
def greet(name: str) -> str:
    """Return a friendly greeting."""
    return f"Hello, {name}!"

print(greet("GLM"))
```

> A blockquote: *"Simplicity is prerequisite for reliability."*
> — Edsger W. Dijkstra

### Small heading

A horizontal rule follows.

---

That is everything: headings, emphasis, lists, tasks, a table, two code blocks, a link and a quote."#;

pub const MATH: &str = r#"## Formulas

Inline math sits in the text: Euler's identity $e^{i\pi} + 1 = 0$ and the area of a circle \(A = \pi r^2\), while prices like $5 and $10 stay plain text.

The roots of $ax^2 + bx + c = 0$ are

$$
x = \frac{-b \pm \sqrt{b^2 - 4ac}}{2a}
$$

A sum and an integral with limits:

$$
\sum_{k=1}^{n} k = \frac{n(n+1)}{2}, \qquad \int_0^{\infty} e^{-x^2}\,dx = \frac{\sqrt{\pi}}{2}
$$

A matrix and a function defined by cases:

\[
A = \begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}, \quad |x| = \begin{cases} x & x \ge 0 \\ -x & x < 0 \end{cases}
\]

And in code, checking the sum for $n = 100$:

```python
def triangle(n: int) -> int:
    """Sum of 1..n, by the formula above."""
    return n * (n + 1) // 2

assert triangle(100) == sum(range(1, 101))  # 5050
print(f"{triangle(100)=}")
```"#;

/// One short program per highlighted language.
pub const CODE: &str = r#"Code in the languages the highlighter knows:

```rust
/// A greeting, at compile time if you like.
pub const fn answer() -> u32 { 42 }
fn main() { println!("{}", answer()); }
```

```typescript
interface User { name: string; admin?: boolean }
export const greet = (u: User): string => `Hello, ${u.name}!`;
```

```json
{ "model": "glm-4.5", "stream": true, "temperature": 0.6, "tools": null }
```

```bash
#!/usr/bin/env bash
for f in *.md; do echo "checking $f"; done  # every file
```

```html
<!-- a link -->
<a href="https://bigmodel.cn" target="_blank">BigModel</a>
```

```css
.gc-code pre { overflow-x: auto; color: #1c2024; } /* scrolls */
```

```cpp
#include <vector>
int sum(const std::vector<int>& v) { int s = 0; for (int x : v) s += x; return s; }
```

```java
@Override
public String toString() { return "Point(" + x + ", " + y + ")"; }
```

```go
func main() { fmt.Println("hello", 3.14, true) }
```

```sql
SELECT name, COUNT(*) AS n FROM messages WHERE role = 'user' GROUP BY name;
```"#;

/// Wider than a phone: a table, a line of code and a formula, which must scroll sideways on their own.
pub const WIDE: &str = r#"A table with many columns:

| Model | Context | Max output | Input price | Output price | Thinking | Tools | Vision | Web search | Notes |
|:------|:-------:|:----------:|------------:|-------------:|:--------:|:-----:|:------:|:----------:|:------|
| glm-4.6 | 200K | 128K | ¥2 / M | ¥8 / M | yes | yes | no | yes | the flagship model for agents |
| glm-4.5-air | 128K | 96K | ¥0.8 / M | ¥2 / M | yes | yes | no | yes | lighter and cheaper |

A long line of code:

```javascript
const request = { model: "glm-4.6", messages: [{ role: "user", content: "Summarise this article in three bullet points, please" }], stream: true };
```

A long formula:

$$
f(x) = a_0 + a_1 x + a_2 x^2 + a_3 x^3 + a_4 x^4 + a_5 x^5 + a_6 x^6 + a_7 x^7 + a_8 x^8 + a_9 x^9 + a_{10} x^{10}
$$

And a long address: https://open.bigmodel.cn/dev/api/normal-model/glm-4-and-a-very-long-path-that-keeps-going"#;

pub const REASONING: &str = "Let me start by restating the question to be sure I understand what is being asked. The user wants \
an explanation, and the best answer is short, but getting there takes some care.\n\n\
First, consider the obvious approach: answer directly from memory. That is fast, but it risks missing an edge case. \
So I will enumerate the cases instead: the empty input, a single item, and many items. For the empty input the answer \
is trivially nothing; for a single item it is that item; for many items I need to combine them in order.\n\n\
Second, I should check the assumptions. Is the order stable? Yes, the items arrive in sequence. Could two items be \
equal? Possibly, and that must not change the result. Are there limits on size? Nothing was said, so the approach \
should be linear in the number of items.\n\n\
Third, let me verify with a small example: for the items 1, 2 and 3 the combination is 6. Doing it in a different \
order still gives 6, which confirms the operation is associative and commutative here.\n\n\
Finally, I will keep the answer brief, since the reasoning above already covers the details, and state the result \
plainly.";

pub const REASONING_ANSWER: &str = "**Answer:** combine the items in order; for `1, 2, 3` the result is **6**.\n\n\
The reasoning above checked the empty case, a single item and many items.";

/// Realistic Markdown for the throughput benchmarks, repeated as often as needed.
pub const BENCH: &str = r#"## Streaming throughput

The renderer has to keep up with a model that writes quickly. Each token is a small **delta** that extends the last block, and finished blocks should never be rendered again.

- Paragraphs grow word by word, with *emphasis* and `inline code`.
- Lists add items one at a time:
  - nested items appear too
  - and sometimes a [link](https://example.com/docs)
- Tables arrive row by row.

| Step | Work | Cost |
|:-----|:-----|-----:|
| parse | split into blocks | O(n) |
| render | last block only | O(1) |
| paint | one frame per tick | 16 ms |

```rust
fn apply(reply: &mut Reply, event: StreamEvent) {
    match event {
        StreamEvent::Content(text) => reply.content.push_str(&text),
        StreamEvent::Reasoning(text) => reply.reasoning.push_str(&text),
        _ => {}
    }
}
```

> Measure, do not guess: the cost per token must not grow with the length of the reply.

"#;
