//! Sealing small secrets with ChaCha20-Poly1305 (`ring`, already in the dependency tree through rustls).
//! A sealed value is `nonce (12 bytes) ++ ciphertext ++ tag`; opening it with another key, or after any
//! change to it, fails.

use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, CHACHA20_POLY1305, NONCE_LEN};
use sha2::{Digest, Sha256};

/// A 256-bit key derived from secret material and a purpose label (different purposes never share a key).
#[derive(Clone)]
pub struct SealKey([u8; 32]);

impl std::fmt::Debug for SealKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SealKey(..)")
    }
}

impl SealKey {
    /// SHA-256 over the purpose, a separator and the material. The material must itself be a
    /// high-entropy secret (a bearer token's 256 random bits, a configured key), not a password.
    pub fn derive(purpose: &str, material: &[u8]) -> Self {
        let mut h = Sha256::new();
        h.update(purpose.as_bytes());
        h.update([0u8]);
        h.update(material);
        SealKey(h.finalize().into())
    }

    fn key(&self) -> LessSafeKey {
        LessSafeKey::new(UnboundKey::new(&CHACHA20_POLY1305, &self.0).expect("a 32-byte key"))
    }

    /// Encrypts and authenticates `plaintext`; `context` is bound to it (it must be given again to open).
    pub fn seal(&self, context: &[u8], plaintext: &[u8]) -> Vec<u8> {
        let mut nonce = [0u8; NONCE_LEN];
        rand::RngCore::fill_bytes(&mut rand::thread_rng(), &mut nonce);
        let mut buf = plaintext.to_vec();
        self.key()
            .seal_in_place_append_tag(Nonce::assume_unique_for_key(nonce), Aad::from(context), &mut buf)
            .expect("sealing cannot fail for in-memory sizes");
        let mut out = nonce.to_vec();
        out.extend_from_slice(&buf);
        out
    }

    /// The plaintext of `sealed`, or `None` when the key or context is wrong or it was altered.
    pub fn open(&self, context: &[u8], sealed: &[u8]) -> Option<Vec<u8>> {
        if sealed.len() < NONCE_LEN {
            return None;
        }
        let (nonce, rest) = sealed.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).ok()?;
        let mut buf = rest.to_vec();
        let plain = self.key().open_in_place(nonce, Aad::from(context), &mut buf).ok()?;
        Some(plain.to_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seals_and_opens_only_with_the_same_key_and_context() {
        let k = SealKey::derive("test", b"material");
        let sealed = k.seal(b"ctx", b"hello");
        assert!(!sealed.windows(5).any(|w| w == b"hello"), "the plaintext is not visible");
        assert_eq!(k.open(b"ctx", &sealed).as_deref(), Some(&b"hello"[..]));
        assert_eq!(k.open(b"other", &sealed), None);
        assert_eq!(SealKey::derive("test", b"other").open(b"ctx", &sealed), None);
        assert_eq!(SealKey::derive("other", b"material").open(b"ctx", &sealed), None);
        let mut tampered = sealed.clone();
        *tampered.last_mut().unwrap() ^= 1;
        assert_eq!(k.open(b"ctx", &tampered), None);
    }
}
