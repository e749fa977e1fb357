//! Where the visitor's API key is kept: localStorage (the default), sessionStorage ("this session only"), or
//! localStorage encrypted with a passphrase, as the visitor chooses in Settings, within what the embedding host
//! allows (`key-storage`). The choice itself (mode, JWT, the origin the key is for) is kept beside it as
//! preferences; it holds nothing secret.
//!
//! Every write of the key goes to exactly one place and removes it from the others, so switching modes moves the key
//! and "Forget key" leaves nothing behind.

use serde::{Deserialize, Serialize};

use crate::browser::storage::{Area, Namespace, StorageError};
use crate::config::KeyStorage;

const PLAIN_KEY: &str = "api-key";
const SEALED_KEY: &str = "api-key-sealed";
pub const PREFS_KEY: &str = "key-prefs";

/// PBKDF2-SHA256 rounds for a new passphrase (OWASP's 2023 figure; the floor the app accepts is 310,000).
pub const ITERATIONS: u32 = 600_000;
pub const MIN_ITERATIONS: u32 = 310_000;
pub const SALT_LEN: usize = 16;
pub const IV_LEN: usize = 12;
/// The shortest passphrase accepted.
pub const MIN_PASSPHRASE: usize = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KeyMode {
    /// localStorage, in the clear: kept across visits.
    #[default]
    Local,
    /// sessionStorage: gone when the tab closes.
    Session,
    /// localStorage, AES-GCM with a key derived from a passphrase that is never stored.
    Encrypted,
}

/// The visitor's choices about the key. Kept in localStorage; nothing in it is secret.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct KeyPrefs {
    pub mode: KeyMode,
    /// Send a signed JWT instead of the key itself.
    pub jwt: bool,
    /// The origin the key was entered or confirmed for: it is sent nowhere else.
    pub origin: Option<String>,
}

/// Which modes a host's `key-storage` leaves to the visitor: all of them, only this session, or none.
pub fn allowed(host: KeyStorage, mode: KeyMode) -> bool {
    match host {
        KeyStorage::Local => true,
        KeyStorage::Session => mode == KeyMode::Session,
        KeyStorage::None => false,
    }
}

/// The mode in force: the visitor's, unless the host forbids it.
pub fn effective(host: KeyStorage, chosen: KeyMode) -> Option<KeyMode> {
    match host {
        KeyStorage::None => None,
        KeyStorage::Session => Some(KeyMode::Session),
        KeyStorage::Local => Some(chosen),
    }
}

/// Where a mode keeps the key. Exactly one place, and never the plain key for `Encrypted`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    pub local_plain: bool,
    pub session_plain: bool,
    pub sealed: bool,
}

pub fn placement(mode: KeyMode) -> Placement {
    Placement {
        local_plain: mode == KeyMode::Local,
        session_plain: mode == KeyMode::Session,
        sealed: mode == KeyMode::Encrypted,
    }
}

/// The encrypted key as stored: versioned, with everything needed to derive the key again except the passphrase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sealed {
    pub v: u32,
    pub kdf: String,
    pub iterations: u32,
    pub salt: String,
    pub iv: String,
    pub data: String,
}

impl Sealed {
    pub fn new(iterations: u32, salt: &[u8], iv: &[u8], data: &[u8]) -> Self {
        use glm_protocol::base64::encode;
        Sealed {
            v: 1,
            kdf: "PBKDF2-SHA256/AES-GCM-256".into(),
            iterations,
            salt: encode(salt),
            iv: encode(iv),
            data: encode(data),
        }
    }

    /// A stored blob, if it is one this version can open.
    pub fn parse(json: &str) -> Option<SealedParts> {
        use glm_protocol::base64::decode;
        let s: Sealed = serde_json::from_str(json).ok()?;
        if s.v != 1 || s.kdf != "PBKDF2-SHA256/AES-GCM-256" || s.iterations < MIN_ITERATIONS {
            return None;
        }
        let (salt, iv, data) = (decode(&s.salt)?, decode(&s.iv)?, decode(&s.data)?);
        (salt.len() == SALT_LEN && iv.len() == IV_LEN && data.len() > 16).then_some(SealedParts {
            iterations: s.iterations,
            salt,
            iv,
            data,
        })
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// A readable sealed blob, decoded: what decryption needs besides the passphrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedParts {
    pub iterations: u32,
    pub salt: Vec<u8>,
    pub iv: Vec<u8>,
    /// AES-GCM ciphertext with its 16-byte tag.
    pub data: Vec<u8>,
}

/// A passphrase the visitor typed twice: `Ok` when it is long enough and both match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PassphraseProblem {
    TooShort,
    Mismatch,
}

pub fn check_passphrase(first: &str, second: &str) -> Result<(), PassphraseProblem> {
    if first.chars().count() < MIN_PASSPHRASE {
        Err(PassphraseProblem::TooShort)
    } else if first != second {
        Err(PassphraseProblem::Mismatch)
    } else {
        Ok(())
    }
}

// ---- Browser storage (the namespace is passed in, so these work after an `.await`) ----

/// Saved preferences (`PREFS_KEY`); unreadable ones are the defaults. Called by the `restore` chunk only.
pub fn parse_prefs(json: &str) -> KeyPrefs {
    serde_json::from_str(json).unwrap_or_default()
}

pub fn save_prefs(ns: &Namespace, prefs: &KeyPrefs) -> Result<(), StorageError> {
    ns.set(PREFS_KEY, &serde_json::to_string(prefs).unwrap_or_default())
}

/// The plain key saved for `mode` (empty when none, or when the mode keeps no plain key).
pub fn load_plain(ns: &Namespace, mode: KeyMode) -> String {
    let area = match mode {
        KeyMode::Local => Area::Local,
        KeyMode::Session => Area::Session,
        KeyMode::Encrypted => return String::new(),
    };
    ns.get_in(area, PLAIN_KEY).ok().flatten().unwrap_or_default()
}

pub fn load_sealed(ns: &Namespace) -> Option<String> {
    ns.get_in(Area::Local, SEALED_KEY).ok().flatten()
}

/// Keeps `key` in the clear where `mode` keeps it (Local or Session) and removes every other copy. An empty key is
/// removed everywhere.
pub fn save_plain(ns: &Namespace, mode: KeyMode, key: &str) -> Result<(), StorageError> {
    let key = key.trim();
    let at = placement(mode);
    let mut result = Ok(());
    for (area, here) in [(Area::Local, at.local_plain), (Area::Session, at.session_plain)] {
        let r = if here && !key.is_empty() {
            ns.set_in(area, PLAIN_KEY, key)
        } else {
            ns.remove_in(area, PLAIN_KEY)
        };
        result = result.and(r);
    }
    result.and(ns.remove_in(Area::Local, SEALED_KEY))
}

/// Keeps the sealed key and removes every plain copy.
pub fn save_sealed(ns: &Namespace, sealed: &Sealed) -> Result<(), StorageError> {
    ns.set_in(Area::Local, SEALED_KEY, &sealed.to_json())?;
    ns.remove_in(Area::Local, PLAIN_KEY)?;
    ns.remove_in(Area::Session, PLAIN_KEY)
}

/// Removes the key from every place it could be.
pub fn forget(ns: &Namespace) -> Result<(), StorageError> {
    let a = ns.remove_in(Area::Local, PLAIN_KEY);
    let b = ns.remove_in(Area::Session, PLAIN_KEY);
    let c = ns.remove_in(Area::Local, SEALED_KEY);
    a.and(b).and(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_host_setting_wins() {
        for mode in [KeyMode::Local, KeyMode::Session, KeyMode::Encrypted] {
            assert!(allowed(KeyStorage::Local, mode));
            assert_eq!(effective(KeyStorage::Local, mode), Some(mode));
            assert_eq!(allowed(KeyStorage::Session, mode), mode == KeyMode::Session);
            assert_eq!(effective(KeyStorage::Session, mode), Some(KeyMode::Session));
            assert!(!allowed(KeyStorage::None, mode));
            assert_eq!(effective(KeyStorage::None, mode), None);
        }
    }

    #[test]
    fn each_mode_keeps_the_key_in_one_place_and_encrypted_never_in_the_clear() {
        for mode in [KeyMode::Local, KeyMode::Session, KeyMode::Encrypted] {
            let p = placement(mode);
            assert_eq!(
                [p.local_plain, p.session_plain, p.sealed]
                    .iter()
                    .filter(|b| **b)
                    .count(),
                1,
                "{mode:?}"
            );
        }
        let e = placement(KeyMode::Encrypted);
        assert!(!e.local_plain && !e.session_plain && e.sealed);
    }

    #[test]
    fn prefs_default_to_local_and_read_old_or_partial_data() {
        assert_eq!(KeyPrefs::default().mode, KeyMode::Local);
        let p: KeyPrefs = serde_json::from_str(r#"{"mode":"encrypted","future":1}"#).unwrap();
        assert_eq!((p.mode, p.jwt, p.origin), (KeyMode::Encrypted, false, None));
        let json = serde_json::to_string(&KeyPrefs {
            mode: KeyMode::Session,
            jwt: true,
            origin: Some("https://x.test".into()),
        })
        .unwrap();
        assert_eq!(json, r#"{"mode":"session","jwt":true,"origin":"https://x.test"}"#);
    }

    #[test]
    fn sealed_blobs_round_trip_and_weak_or_odd_ones_are_refused() {
        let s = Sealed::new(ITERATIONS, &[1; SALT_LEN], &[2; IV_LEN], &[3; 40]);
        let parsed = Sealed::parse(&s.to_json()).expect("readable");
        assert_eq!(
            parsed,
            SealedParts {
                iterations: ITERATIONS,
                salt: vec![1; SALT_LEN],
                iv: vec![2; IV_LEN],
                data: vec![3; 40]
            }
        );
        let weak = Sealed::new(1000, &[1; SALT_LEN], &[2; IV_LEN], &[3; 40]);
        assert_eq!(Sealed::parse(&weak.to_json()), None, "too few rounds");
        let short_iv = Sealed::new(ITERATIONS, &[1; SALT_LEN], &[2; 8], &[3; 40]);
        assert_eq!(Sealed::parse(&short_iv.to_json()), None);
        assert_eq!(Sealed::parse("{not json"), None);
        assert_eq!(Sealed::parse(r#"{"v":2}"#), None);
        assert!(!s.to_json().contains("demo-key"));
    }

    #[test]
    fn passphrases_must_be_long_enough_and_repeated() {
        assert_eq!(check_passphrase("short", "short"), Err(PassphraseProblem::TooShort));
        assert_eq!(
            check_passphrase("long enough", "long enougH"),
            Err(PassphraseProblem::Mismatch)
        );
        assert_eq!(check_passphrase("long enough", "long enough"), Ok(()));
        assert_eq!(
            check_passphrase("八个汉字的口令啊", "八个汉字的口令啊"),
            Ok(()),
            "counted in characters"
        );
    }
}
