//! Production is a choice: where a provider documents base URLs (its spec's `base_urls`), a client
//! names `environment` (one of them) or gives `base_url` itself (`environment: custom`, or left
//! out). A configuration with neither would silently talk to production, so it is refused, naming
//! the documented environments.

use serde_json::Value;

use crate::model::CodecError;
use crate::spec::ProviderSpec;

/// The base URL of a client configured with `environment` and `base_url` (empty: not given).
pub fn base_url(spec: &ProviderSpec, environment: Option<&str>, base_url: &str) -> Result<String, CodecError> {
    let documented = || {
        spec.base_urls
            .iter()
            .map(|(name, url)| format!("`{name}` ({})", url.as_str().unwrap_or_default()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let given = Some(base_url).filter(|u| !u.is_empty());
    match (environment, given) {
        (None, None) => Err(CodecError::config(
            "environment",
            format!(
                "is required: choose where this client talks, one of {}; or give base_url (environment `custom`)",
                documented()
            ),
        )),
        (None | Some("custom"), Some(url)) => Ok(url.to_owned()),
        (Some("custom"), None) => Err(CodecError::config("base_url", "is required with environment `custom`")),
        (Some(name), given) => {
            let Some(url) = spec.base_urls.get(name).and_then(Value::as_str) else {
                return Err(CodecError::config(
                    "environment",
                    format!("must be one of {}, or `custom` with base_url", documented()),
                ));
            };
            // A trailing slash is how a base is written, not a different place.
            if given.is_some_and(|g| g.trim_end_matches('/') != url.trim_end_matches('/')) {
                return Err(CodecError::config(
                    "base_url",
                    format!("differs from environment `{name}`'s URL: give one of environment and base_url"),
                ));
            }
            Ok(url.to_owned())
        }
    }
}
