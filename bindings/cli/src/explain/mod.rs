//! Why a signature does not verify (`verify --explain`): every common integration mistake is
//! tried as an alternative, and each alternative that verifies is reported (the first is the
//! most likely cause). For RSA the signature is also opened with the public key, which tells a
//! wrong key from a wrong string.
//!
//! Modules, each importing only those listed before it: `signature_text` (what a signature's
//! text says), `block` (the opened RSA block), `attempt` (the failed verification),
//! `candidate` (one alternative, tried), `candidates` (every alternative, in order),
//! `conclude` (the cause when none verifies), `report` (the result, as text or JSON).

mod attempt;
mod block;
mod candidate;
mod candidates;
mod conclude;
mod report;
mod signature_text;

use cardbind::{SignatureAlgorithm, VerifyingKey};

pub use self::attempt::Attempt;
pub use self::block::Block;
pub use self::candidate::Finding;
pub use self::report::Diagnosis;

use self::block::open_block;
use self::candidate::evaluate;
use self::candidates::candidates;
use self::conclude::conclude;
use self::signature_text::{digest_label, url_safe_to_standard};

/// Runs the diagnosis. Each alternative is built, tried and dropped before the next one is made:
/// memory stays linear in the number of parameters (one alternative holds a copy of them, and
/// there is an alternative per parameter).
pub fn diagnose(a: &Attempt<'_>) -> Diagnosis {
    let mut findings: Vec<Finding> = Vec::new();
    let mut tried = 0;
    candidates(a, &mut |c| evaluate(a, c, &mut findings, &mut tried));
    let block = match (&a.setup.algorithm, a.key) {
        (SignatureAlgorithm::RsaPkcs1v15 { .. }, VerifyingKey::Rsa(public)) => {
            // A URL-safe signature is opened as what it stands for.
            let url_safe = url_safe_to_standard(a.signature);
            Some(open_block(public, url_safe.as_deref().unwrap_or(a.signature)))
        }
        _ => None,
    };
    if findings.is_empty() {
        retry_with_signers_digest(a, block.as_ref(), &mut findings, &mut tried);
    }
    let (conclusion_cause, conclusion) = conclude(a, block.as_ref());
    Diagnosis {
        findings,
        conclusion,
        conclusion_cause,
        block,
        tried,
    }
}

/// Two mistakes at once: the opened block names the signer's digest, so every other alternative
/// is tried again with that digest.
fn retry_with_signers_digest(a: &Attempt<'_>, block: Option<&Block>, findings: &mut Vec<Finding>, tried: &mut usize) {
    let (Some(Block::Valid { digest: Some(d), .. }), SignatureAlgorithm::RsaPkcs1v15 { digest }) =
        (block, &a.setup.algorithm)
    else {
        return;
    };
    if d == digest {
        return;
    }
    let mut setup = a.setup.clone();
    setup.algorithm = SignatureAlgorithm::RsaPkcs1v15 { digest: *d };
    let shifted = Attempt { setup: &setup, ..*a };
    let prefix = format!(
        "two differences: the signer used {}, not {} (--digest {} verifies it), and ",
        digest_label(*d),
        digest_label(*digest),
        d.name()
    );
    candidates(&shifted, &mut |mut c| {
        if c.cause != "digest" {
            c.summary = format!("{prefix}{}", c.summary);
            evaluate(&shifted, c, findings, tried);
        }
    });
}
