//! Serde helpers for fields the API sends inconsistently (numbers or strings, strings or objects).

use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// Accepts a string, a number, or null; yields the text form (`"1302"` for both `1302` and `"1302"`).
pub fn string_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(Value::Bool(b)) => Some(b.to_string()),
        Some(other) => Some(other.to_string()),
    })
}

/// Accepts an integer, a float, a numeric string, or null; anything else is `None` rather than an error.
pub fn int_or_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Ok(match Option::<Value>::deserialize(d)? {
        Some(Value::Number(n)) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
        Some(Value::String(s)) => number(&s).map(|f| f as i64),
        _ => None,
    })
}

/// Function-call arguments: BigModel sends a JSON string, the Z.ai schema an object. Both become text.
pub fn arguments<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s),
        Some(other) => Some(other.to_string()),
    })
}

/// Text that should be a string but may be null, a number or a bool; null and other shapes become empty.
pub fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(match Option::<Value>::deserialize(d)? {
        Some(Value::String(s)) => s,
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Bool(b)) => b.to_string(),
        _ => String::new(),
    })
}

/// A token count that may be null, a float or a numeric string; anything unreadable counts as zero.
pub fn count<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    Ok(match Option::<Value>::deserialize(d)? {
        Some(Value::Number(n)) => n
            .as_u64()
            .or_else(|| n.as_f64().filter(|f| *f >= 0.0).map(|f| f as u64)),
        Some(Value::String(s)) => number(&s).filter(|f| *f >= 0.0).map(|f| f as u64),
        _ => None,
    }
    .unwrap_or(0))
}

/// A number sent as a string (`"1302"`, `" 12.5 "`), read with serde_json's number parser: the browser build
/// carries that one anyway, and `f64::from_str` would add a second (about 2 KB of wasm gzip).
fn number(s: &str) -> Option<f64> {
    serde_json::from_str::<f64>(s.trim()).ok()
}
