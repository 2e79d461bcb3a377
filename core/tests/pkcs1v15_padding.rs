//! PKCS#1 v1.5 (type 2) decryption reads the padding exactly as RFC 8017 §7.2.2 says and refuses
//! every other block with the one `CipherError::RsaDecrypt` (explicit rejection: a caller never
//! gets bytes out of a badly padded block).
//!
//! Blocks are built by hand and encrypted with the raw public-key operation `em^e mod n`, so each
//! case is exactly the padding named, whatever the encryption side would have produced.

use cardbind::cipher::rsa_decrypt_blocks;
use cardbind::rng::SeededRng;
use cardbind::{CipherError, PrivateKey};

const KEY: &str = include_str!("../../spec/vectors/keys/test-rsa-1024-private-pkcs8.pem");

/// `00 02 ‖ ps ‖ 00 ‖ message` without the `00` when `separator` is false, left-filled to `k`
/// bytes with non-zero padding if `ps` is `None`.
fn block(k: usize, header: [u8; 2], ps: Option<&[u8]>, separator: bool, message: &[u8]) -> Vec<u8> {
    let mut em = header.to_vec();
    let fill = k - 2 - usize::from(separator) - message.len();
    match ps {
        Some(ps) => em.extend_from_slice(ps),
        None => em.extend((0..fill).map(|i| u8::try_from(i % 255 + 1).unwrap())),
    }
    if separator {
        em.push(0x00);
    }
    em.extend_from_slice(message);
    assert_eq!(em.len(), k, "test block is k bytes");
    em
}

fn decrypt(key: &PrivateKey, em: &[u8]) -> Result<Vec<u8>, CipherError> {
    let ciphertext = key.public_key().raw_public_operation(em).expect("block below n");
    rsa_decrypt_blocks(key, &mut SeededRng::from_seed([9; 32]), &ciphertext)
}

#[test]
fn well_formed_blocks_give_their_message() {
    let key = PrivateKey::parse(KEY).unwrap();
    let k = key.public_key().size();
    // The shortest padding RFC 8017 allows (8 bytes), the longest message.
    let message = vec![0x5a; k - 11];
    assert_eq!(
        decrypt(&key, &block(k, [0, 2], Some(&[0xff; 8]), true, &message)),
        Ok(message)
    );
    // An empty message: the separator is the last byte.
    assert_eq!(decrypt(&key, &block(k, [0, 2], None, true, b"")), Ok(Vec::new()));
    // A message that itself starts with zero bytes keeps them: only the first zero separates.
    assert_eq!(
        decrypt(&key, &block(k, [0, 2], None, true, &[0, 0, 7])),
        Ok(vec![0, 0, 7])
    );
}

#[test]
fn every_malformed_block_is_the_same_error() {
    let key = PrivateKey::parse(KEY).unwrap();
    let k = key.public_key().size();
    let message = b"card 6222020200112233445".as_slice();
    let cases = [
        (
            "padding of 7 bytes",
            block(k, [0, 2], Some(&[0xff; 7]), true, &vec![0x5a; k - 10]),
        ),
        (
            "no padding at all",
            block(k, [0, 2], Some(&[]), true, &vec![0x5a; k - 3]),
        ),
        ("no zero separator", block(k, [0, 2], None, false, b"")),
        ("block type 1", block(k, [0, 1], None, true, message)),
        ("block type 0", block(k, [0, 0], None, true, message)),
        ("leading byte not zero", block(k, [1, 2], None, true, message)),
    ];
    for (what, em) in cases {
        assert_eq!(decrypt(&key, &em), Err(CipherError::RsaDecrypt), "{what}");
    }
}

#[test]
fn one_bad_block_refuses_the_whole_ciphertext() {
    let key = PrivateKey::parse(KEY).unwrap();
    let k = key.public_key().size();
    let public = key.public_key();
    let good = public
        .raw_public_operation(&block(k, [0, 2], None, true, b"first"))
        .unwrap();
    let bad = public
        .raw_public_operation(&block(k, [0, 2], Some(&[0xff; 7]), true, &vec![0x5a; k - 10]))
        .unwrap();
    let mut rng = SeededRng::from_seed([9; 32]);
    assert_eq!(
        rsa_decrypt_blocks(&key, &mut rng, &[good.as_slice(), &good].concat()),
        Ok(b"firstfirst".to_vec())
    );
    assert_eq!(
        rsa_decrypt_blocks(&key, &mut rng, &[good, bad].concat()),
        Err(CipherError::RsaDecrypt)
    );
}
