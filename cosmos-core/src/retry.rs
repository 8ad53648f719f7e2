//! Whether and when to retry a failed attempt. Pure decisions over the attempt history, so the
//! policy is tested without a server or a clock; the pipeline does the waiting.

use std::time::Duration;

use crate::options::RetryOptions;

/// What an attempt ended with, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Outcome {
    Status {
        status: u16,
        sub_status: Option<u32>,
        retry_after: Option<Duration>,
    },
    Transport {
        /// The connection was never established: nothing reached the server.
        is_connect: bool,
    },
}

/// Why a retry happens (for tracing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RetryReason {
    Throttled,
    SessionNotAvailable,
    Transient,
}

/// Counters carried across the attempts of one operation.
#[derive(Debug, Clone, Default)]
pub(crate) struct RetryState {
    pub(crate) throttle_retries: u32,
    pub(crate) throttle_wait: Duration,
    pub(crate) transient_retries: u32,
    pub(crate) session_retries: u32,
}

/// The longest a single backoff may grow to, whatever the retry count.
const MAX_BACKOFF: Duration = Duration::from_secs(5);

fn backoff(base: Duration, attempt: u32) -> Duration {
    base.saturating_mul(2u32.saturating_pow(attempt))
        .min(MAX_BACKOFF)
}

/// Returns how long to wait before retrying, or `None` to give up with this outcome.
/// `is_read` marks operations that change nothing and can always be replayed.
pub(crate) fn decide(
    options: &RetryOptions,
    state: &mut RetryState,
    outcome: Outcome,
    is_read: bool,
) -> Option<(Duration, RetryReason)> {
    match outcome {
        Outcome::Status {
            status: 429,
            retry_after,
            ..
        } => {
            if state.throttle_retries >= options.max_throttle_retries {
                return None;
            }
            // Without a hint, back off like a transient failure rather than hammering.
            let wait = retry_after
                .unwrap_or_else(|| backoff(options.transient_backoff, state.throttle_retries));
            let total = state.throttle_wait.saturating_add(wait);
            if total > options.max_throttle_wait {
                return None;
            }
            state.throttle_retries += 1;
            state.throttle_wait = total;
            Some((wait, RetryReason::Throttled))
        }
        // Read session not available: the replica lags the session token. The SDKs retry once
        // (per region); with a single endpoint that is one retry.
        Outcome::Status {
            status: 404,
            sub_status: Some(1002),
            ..
        } => {
            if state.session_retries >= 1 {
                return None;
            }
            state.session_retries += 1;
            Some((Duration::ZERO, RetryReason::SessionNotAvailable))
        }
        Outcome::Status { status, .. } => {
            // 500 is usually a deterministic failure, and 449 is not retried by the SDKs.
            let transient = matches!(status, 408 | 502 | 503 | 504);
            (transient && (is_read || options.retry_writes))
                .then(|| transient_retry(options, state))
                .flatten()
        }
        Outcome::Transport { is_connect } => {
            // A refused connection never delivered the request, so even a write is safe.
            (is_connect || is_read || options.retry_writes)
                .then(|| transient_retry(options, state))
                .flatten()
        }
    }
}

fn transient_retry(
    options: &RetryOptions,
    state: &mut RetryState,
) -> Option<(Duration, RetryReason)> {
    if state.transient_retries >= options.max_transient_retries {
        return None;
    }
    let wait = backoff(options.transient_backoff, state.transient_retries);
    state.transient_retries += 1;
    Some((wait, RetryReason::Transient))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(status: u16, retry_after_ms: Option<u64>) -> Outcome {
        Outcome::Status {
            status,
            sub_status: None,
            retry_after: retry_after_ms.map(Duration::from_millis),
        }
    }

    #[test]
    fn throttling_honours_retry_after_up_to_the_count() {
        let opts = RetryOptions::default();
        let mut state = RetryState::default();
        for _ in 0..9 {
            let (wait, reason) = decide(&opts, &mut state, status(429, Some(100)), false).unwrap();
            assert_eq!(
                (wait, reason),
                (Duration::from_millis(100), RetryReason::Throttled)
            );
        }
        assert_eq!(
            decide(&opts, &mut state, status(429, Some(100)), false),
            None
        );
        assert_eq!(state.throttle_wait, Duration::from_millis(900));
    }

    #[test]
    fn throttling_stops_at_the_total_wait() {
        let opts = RetryOptions::default().with_max_throttle_wait(Duration::from_secs(1));
        let mut state = RetryState::default();
        assert!(decide(&opts, &mut state, status(429, Some(600)), true).is_some());
        // 600 + 600 > 1000: give up rather than exceed the budget.
        assert!(decide(&opts, &mut state, status(429, Some(600)), true).is_none());
        assert!(decide(&opts, &mut state, status(429, Some(400)), true).is_some());
    }

    #[test]
    fn throttling_without_hint_backs_off() {
        let opts = RetryOptions::default();
        let mut state = RetryState::default();
        let (a, _) = decide(&opts, &mut state, status(429, None), true).unwrap();
        let (b, _) = decide(&opts, &mut state, status(429, None), true).unwrap();
        assert_eq!(a, Duration::from_millis(100));
        assert_eq!(b, Duration::from_millis(200));
    }

    #[test]
    fn transient_failures_retry_reads_only_by_default() {
        let opts = RetryOptions::default();
        for code in [408, 502, 503, 504] {
            let mut state = RetryState::default();
            let waits: Vec<_> = (0..4)
                .map(|_| decide(&opts, &mut state, status(code, None), true).map(|(w, _)| w))
                .collect();
            assert_eq!(
                waits,
                vec![
                    Some(Duration::from_millis(100)),
                    Some(Duration::from_millis(200)),
                    Some(Duration::from_millis(400)),
                    None
                ]
            );
            assert!(decide(&opts, &mut RetryState::default(), status(code, None), false).is_none());
        }
        let writes = RetryOptions::default().with_retry_writes(true);
        assert!(decide(
            &writes,
            &mut RetryState::default(),
            status(503, None),
            false
        )
        .is_some());
    }

    #[test]
    fn connection_failures() {
        let opts = RetryOptions::default();
        let refused = Outcome::Transport { is_connect: true };
        let reset = Outcome::Transport { is_connect: false };
        assert!(decide(&opts, &mut RetryState::default(), refused, false).is_some());
        assert!(decide(&opts, &mut RetryState::default(), reset, true).is_some());
        assert!(decide(&opts, &mut RetryState::default(), reset, false).is_none());
    }

    #[test]
    fn session_not_available_retries_once() {
        let opts = RetryOptions::default();
        let mut state = RetryState::default();
        let lagging = Outcome::Status {
            status: 404,
            sub_status: Some(1002),
            retry_after: None,
        };
        assert_eq!(
            decide(&opts, &mut state, lagging, true),
            Some((Duration::ZERO, RetryReason::SessionNotAvailable))
        );
        assert_eq!(decide(&opts, &mut state, lagging, true), None);
    }

    #[test]
    fn final_errors_are_not_retried() {
        let opts = RetryOptions::default();
        for code in [400, 401, 403, 404, 409, 412, 413, 449, 500] {
            assert!(decide(&opts, &mut RetryState::default(), status(code, None), true).is_none());
        }
        let none = RetryOptions::none();
        assert!(decide(
            &none,
            &mut RetryState::default(),
            status(429, Some(1)),
            true
        )
        .is_none());
        assert!(decide(&none, &mut RetryState::default(), status(503, None), true).is_none());
    }

    #[test]
    fn backoff_is_capped() {
        assert_eq!(backoff(Duration::from_secs(1), 30), MAX_BACKOFF);
    }
}
