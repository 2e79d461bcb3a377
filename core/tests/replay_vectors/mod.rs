//! The replay keys `spec/vectors/gen_replay_keys.py` (Python hashlib) computed for the signed
//! messages of the provider vector files: each provider's vector test asserts that decoding the
//! message reports exactly this key.

use serde_json::Value;

const VECTORS: &str = include_str!("../../../spec/vectors/replay-keys.json");

/// The expected replay key of message `id` in `section` of `provider`'s vector file, if the
/// generator lists one (it lists every signed message a receiver decodes).
pub fn expected(provider: &str, section: &str, id: &str) -> Option<String> {
    let vectors: Value = serde_json::from_str(VECTORS).expect("replay-keys.json parses");
    vectors["messages"].as_array().expect("messages").iter().find_map(|m| {
        (m["provider"] == provider && m["section"] == section && m["id"] == id)
            .then(|| m["replay_key"].as_str().expect("replay_key").to_owned())
    })
}

/// How many messages the generator lists for `provider`: a test that checked fewer missed some.
pub fn count(provider: &str) -> usize {
    let vectors: Value = serde_json::from_str(VECTORS).expect("replay-keys.json parses");
    vectors["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .filter(|m| m["provider"] == provider)
        .count()
}
