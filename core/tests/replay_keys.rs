//! The replay-key formula against Python hashlib's answers (`spec/vectors/replay-keys.json`,
//! made by `spec/vectors/gen_replay_keys.py`). Each provider's own test checks the key its
//! decoded messages report against the same file.

use cardbind::encoding::decode_hex;
use cardbind::model::Provider;
use cardbind::providers::kit::replay_key;
use serde_json::Value;

const VECTORS: &str = include_str!("../../spec/vectors/replay-keys.json");

#[test]
fn the_replay_key_formula_gives_python_hashlibs_digests_byte_for_byte() {
    let vectors: Value = serde_json::from_str(VECTORS).unwrap();
    let cases = vectors["direct"].as_array().unwrap();
    assert_eq!(cases.len(), 5);
    for case in cases {
        let provider = Provider::from_name(case["provider"].as_str().unwrap()).unwrap();
        let parts: Vec<Vec<u8>> = case["covered_hex"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| decode_hex(h.as_str().unwrap()).unwrap())
            .collect();
        let covered: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
        let key = replay_key(provider, case["operation"].as_str().unwrap(), &covered);
        assert_eq!(key, case["replay_key"], "{}: {}", case["id"], case["note"]);
    }
}
