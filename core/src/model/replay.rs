//! Replay protection for providers whose messages carry a send time (xianjincard `timestamp`,
//! Yixin `timestamp`, Huanbei `r_t`): the time must lie within a window around the caller-given
//! current time. Core never reads the clock; callers pass `now` (usually through
//! [`super::Context`]).
//!
//! A window only narrows replays to its width: a receiver that must refuse every repeat also
//! remembers the request ids (xianjincard has none; Yixin `requestNo`, Huanbei `r_i`) for as long
//! as the window.

use super::error::CodecError;

/// `Ok` when `received_unix_ms` is at most `window_ms` away from `now_unix_ms`, in either
/// direction (senders' clocks run fast as well as slow); otherwise
/// [`CodecError::StaleTimestamp`] on `field` with the signed skew (received − now). The window
/// is taken by magnitude; arithmetic saturates, so no input overflows.
pub fn check_window(field: &str, received_unix_ms: i64, now_unix_ms: i64, window_ms: i64) -> Result<(), CodecError> {
    let skew_ms = received_unix_ms.saturating_sub(now_unix_ms);
    if skew_ms.unsigned_abs() > window_ms.unsigned_abs() {
        Err(CodecError::StaleTimestamp {
            field: field.to_owned(),
            skew_ms,
            window_ms,
        })
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_710_469_800_000;

    #[test]
    fn the_window_is_inclusive_on_both_sides() {
        for skew in [-300_000, -1, 0, 1, 300_000] {
            assert_eq!(check_window("timestamp", NOW + skew, NOW, 300_000), Ok(()));
        }
    }

    #[test]
    fn one_millisecond_outside_is_stale_with_the_signed_skew() {
        assert_eq!(
            check_window("r_t", NOW + 300_001, NOW, 300_000),
            Err(CodecError::StaleTimestamp {
                field: "r_t".into(),
                skew_ms: 300_001,
                window_ms: 300_000
            })
        );
        assert_eq!(
            check_window("timestamp", NOW - 300_001, NOW, 300_000),
            Err(CodecError::StaleTimestamp {
                field: "timestamp".into(),
                skew_ms: -300_001,
                window_ms: 300_000
            })
        );
    }

    #[test]
    fn extreme_values_saturate_instead_of_overflowing() {
        assert!(check_window("t", i64::MIN, i64::MAX, i64::MAX).is_err());
        assert!(check_window("t", i64::MAX, i64::MIN, 0).is_err());
        assert_eq!(check_window("t", i64::MAX, i64::MAX, 0), Ok(()));
        assert_eq!(check_window("t", NOW, NOW, i64::MIN), Ok(()));
    }

    #[test]
    fn a_zero_window_accepts_only_the_same_millisecond() {
        assert_eq!(check_window("t", NOW, NOW, 0), Ok(()));
        assert!(check_window("t", NOW + 1, NOW, 0).is_err());
    }
}
