//! The diagnosis as it is reported: text lines, and `--json`'s `diagnosis` object.

use serde_json::{json, Value};

use super::block::Block;
use super::candidate::Finding;

/// The outcome of a diagnosis.
#[derive(Debug)]
pub struct Diagnosis {
    /// Alternatives that verify, most likely first.
    pub findings: Vec<Finding>,
    /// When nothing verifies: the most likely cause, and its identifier.
    pub conclusion: String,
    pub conclusion_cause: &'static str,
    /// RSA only: the signature opened with the public key.
    pub block: Option<Block>,
    /// How many alternatives were verified.
    pub tried: usize,
}

impl Diagnosis {
    pub fn to_json(&self) -> Value {
        let finding = |f: &Finding| {
            let mut v = json!({"cause": f.cause, "summary": f.summary});
            if let (Some(s), Value::Object(o)) = (&f.string_to_sign, &mut v) {
                o.insert("string_to_sign".to_owned(), Value::String(s.text.clone()));
            }
            v
        };
        let most_likely = match self.findings.first() {
            Some(f) => finding(f),
            None => json!({"cause": self.conclusion_cause, "summary": self.conclusion}),
        };
        json!({
            "most_likely": most_likely,
            "verified_alternatives": self.findings.iter().map(finding).collect::<Vec<_>>(),
            "signature_block": self.block.as_ref().map(Block::to_json),
            "alternatives_tried": self.tried,
        })
    }

    /// The text report, one line each.
    pub fn lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        match self.findings.split_first() {
            Some((first, rest)) => {
                lines.push(format!("most likely cause: {}", first.summary));
                if let Some(s) = &first.string_to_sign {
                    lines.push("  the string that verifies:".to_owned());
                    lines.push(format!("  {}", s.text));
                }
                for other in rest {
                    lines.push(format!("also verifies: {}", other.summary));
                }
            }
            None => lines.push(format!("most likely cause: {}", self.conclusion)),
        }
        if let Some(block) = &self.block {
            lines.push(format!("signature block: {}", block.describe()));
        }
        lines.push(format!("alternatives tried: {}", self.tried));
        lines
    }
}
