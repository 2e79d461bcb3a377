//! Signs and verifies a LianLian-style card-bind request with the committed TEST keys, printing
//! the canonical string that was signed. Run: `cargo run -p cardbind --example demo`.

use cardbind::rng::SeededRng;
use cardbind::{CanonicalRule, DigestAlgorithm, KeyOrder, PrivateKey, PublicKey};

// TEST KEYS ONLY (spec/vectors/keys): public, never for real traffic.
const MERCHANT_PRIVATE: &str = include_str!("../../spec/vectors/keys/test-rsa-1024-private-pkcs8.b64");
const MERCHANT_PUBLIC: &str = include_str!("../../spec/vectors/keys/test-rsa-1024-public-spki.pem");
const OTHER_PUBLIC: &str = include_str!("../../spec/vectors/keys/test-rsa-1024b-public-spki.pem");

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let params = [
        ("oid_partner", Some("201408071000001543")),
        ("user_id", Some("2013051500001")),
        ("sign_type", Some("RSA")),
        ("token", Some("1A2B3C4D5E6F7A8B9C0D")),
        ("verify_code", Some("123456")),
        ("no_order", Some("")),
        ("sign", Some("(excluded from the string to sign)")),
    ];
    let rule = CanonicalRule::sorted_pairs(KeyOrder::Bytewise);
    let canonical = rule.build(params)?;
    println!("string to sign:  {}", String::from_utf8_lossy(&canonical));

    let private = PrivateKey::parse(MERCHANT_PRIVATE)?;
    println!("signing key:     {private:?}");
    // A fixed seed keeps the demo's output reproducible; real callers seed from the OS.
    let mut rng = SeededRng::from_seed([42; 32]);
    let signature = private.sign_pkcs1v15_base64(&mut rng, DigestAlgorithm::Md5, &canonical)?;
    println!("MD5withRSA sign: {signature}");

    let public = PublicKey::parse(MERCHANT_PUBLIC)?;
    public.verify_pkcs1v15_base64(DigestAlgorithm::Md5, &canonical, &signature)?;
    println!("verify (right key):       ok");

    let mut tampered = canonical.clone();
    tampered.extend_from_slice(b"&card_no=1");
    match public.verify_pkcs1v15_base64(DigestAlgorithm::Md5, &tampered, &signature) {
        Ok(()) => return Err("a tampered message verified".into()),
        Err(e) => println!("verify (tampered string): rejected: {e}"),
    }
    match PublicKey::parse(OTHER_PUBLIC)?.verify_pkcs1v15_base64(DigestAlgorithm::Md5, &canonical, &signature) {
        Ok(()) => return Err("another key verified the signature".into()),
        Err(e) => println!("verify (wrong key):       rejected: {e}"),
    }
    Ok(())
}
