//! The constant-time private-key path against the `rsa` crate (0.10) on seeded random keys of
//! 1024–4096 bits, odd sizes included (n not a whole number of bytes or limbs, primes of 9, 12
//! or 32 limbs on padded arithmetic): identical PKCS#1 v1.5 signatures, and each side decrypts
//! what the other encrypted (PKCS#1 v1.5 and OAEP-SHA1).

use cardbind::cipher;
use cardbind::rng::SeededRng;
use cardbind::{DigestAlgorithm, PrivateKey};
use num_bigint::BigUint;
use pkcs1::der::Encode as _;
use pkcs1::{RsaPrivateKeyRef, UintRef};
use rsa::traits::{PrivateKeyParts as _, PublicKeyParts as _};

fn be(x: &crypto_bigint::BoxedUint) -> Vec<u8> {
    BigUint::from_bytes_be(&x.to_be_bytes()).to_bytes_be()
}

fn uint(x: &[u8]) -> UintRef<'_> {
    UintRef::new(x).expect("number")
}

#[allow(clippy::many_single_char_names)] // RSA's own names: n, e, d, p, q
/// A random `rsa` key and the same key loaded into cardbind (PKCS#1 DER built from its numbers).
fn key_pair(bits: usize, rng: &mut SeededRng) -> (rsa::PrivateKey, PrivateKey) {
    let reference = rsa::PrivateKey::new(rng, bits).expect("rsa generates a key");
    let [p, q] = reference.primes() else {
        panic!("two primes")
    };
    let (p, q, d) = (be(p.as_ref()), be(q.as_ref()), be(reference.d()));
    let (pb, qb, db) = (
        BigUint::from_bytes_be(&p),
        BigUint::from_bytes_be(&q),
        BigUint::from_bytes_be(&d),
    );
    let one = BigUint::from(1u32);
    let dp = (&db % (&pb - &one)).to_bytes_be();
    let dq = (&db % (&qb - &one)).to_bytes_be();
    let qinv = qb.modpow(&(&pb - 2u32), &pb).to_bytes_be(); // p is prime
    let (n, e) = (be(reference.n().as_ref()), be(reference.e()));
    let der = RsaPrivateKeyRef {
        modulus: uint(&n),
        public_exponent: uint(&e),
        private_exponent: uint(&d),
        prime1: uint(&p),
        prime2: uint(&q),
        exponent1: uint(&dp),
        exponent2: uint(&dq),
        coefficient: uint(&qinv),
        other_prime_infos: None,
    }
    .to_der()
    .expect("PKCS#1 DER");
    let ours = PrivateKey::parse(&der).unwrap_or_else(|e| panic!("{bits}-bit key loads: {e}"));
    assert_eq!(ours.bits(), bits);
    (reference, ours)
}

#[test]
fn signatures_and_decryptions_agree_with_the_rsa_crate() {
    let mut rng = SeededRng::from_seed(*b"cardbind private-key diff tests!");
    for bits in [1024, 1025, 1100, 1500, 1536, 2047, 2048, 3072, 4000, 4096] {
        let (reference, ours) = key_pair(bits, &mut rng);
        let public = ours.public_key().clone();
        for (i, message) in [&b""[..], b"a", b"oid_partner=201408071000001543&sign_type=RSA"]
            .into_iter()
            .enumerate()
        {
            for (digest, scheme) in [
                (DigestAlgorithm::Md5, rsa::Pkcs1v15Sign::new::<md5::Md5>()),
                (DigestAlgorithm::Sha1, rsa::Pkcs1v15Sign::new::<sha1::Sha1>()),
                (DigestAlgorithm::Sha256, rsa::Pkcs1v15Sign::new::<sha2::Sha256>()),
            ] {
                let expected = reference
                    .sign_with_rng(&mut rng, scheme, &digest.digest(message))
                    .expect("rsa signs");
                let got = ours.sign_pkcs1v15(&mut rng, digest, message).expect("cardbind signs");
                assert_eq!(got, expected, "{bits} bits, {digest:?}, message {i}");
            }
            let secret = [0xa5u8; 16];
            let by_rsa = reference
                .as_ref()
                .encrypt(&mut rng, rsa::Pkcs1v15Encrypt, &secret)
                .expect("encrypt");
            assert_eq!(
                cipher::rsa_decrypt_blocks(&ours, &mut rng, &by_rsa).expect("decrypt"),
                secret,
                "{bits}"
            );
            let by_us = cipher::rsa_encrypt_blocks(&public, &mut rng, &secret).expect("encrypt");
            let plain = reference
                .decrypt_blinded(&mut rng, rsa::Pkcs1v15Encrypt, &by_us)
                .expect("rsa decrypts");
            assert_eq!(plain, secret, "{bits}: rsa reads our PKCS#1 v1.5 blocks");

            let by_rsa = reference
                .as_ref()
                .encrypt(&mut rng, rsa::Oaep::<sha1::Sha1>::new(), &secret)
                .expect("encrypt");
            assert_eq!(
                cipher::rsa_oaep_sha1_decrypt(&ours, &mut rng, &by_rsa).expect("decrypt"),
                secret,
                "{bits}"
            );
            let by_us = cipher::rsa_oaep_sha1_encrypt(&public, &mut rng, &secret).expect("encrypt");
            let plain = reference
                .decrypt_blinded(&mut rng, rsa::Oaep::<sha1::Sha1>::new(), &by_us)
                .expect("rsa decrypts");
            assert_eq!(plain, secret, "{bits}: rsa reads our OAEP blocks");
        }
    }
}
