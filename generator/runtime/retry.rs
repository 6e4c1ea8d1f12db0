//! When a failed attempt is tried again, and how long to wait before it.

use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Method, StatusCode};

/// When and how often a client tries a request again.
///
/// A request is retried after a connection failure or a `408`, `429`, `502`, `503` or `504`
/// response, up to [`max_retries`](Self::max_retries) times. The wait doubles from
/// [`initial_backoff`](Self::initial_backoff) up to [`max_backoff`](Self::max_backoff), each
/// wait a random time between half and all of it, so that many clients do not retry in step.
/// A `Retry-After` header sets the wait instead; one asking for more than `max_backoff` ends
/// the retries and the response is returned.
///
/// Only idempotent methods (`GET`, `HEAD`, `PUT`, `DELETE`, `OPTIONS`, `TRACE`) are retried
/// unless [`retry_non_idempotent`](Self::retry_non_idempotent) says otherwise, because a
/// `POST` or `PATCH` the server received but did not answer could be applied twice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_retries: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    /// Three retries, waiting about 0.5 s, 1 s and 2 s, never more than 30 s.
    fn default() -> Self {
        Self {
            max_retries: 3,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// No retries: every request is sent once.
    pub fn none() -> Self {
        Self {
            max_retries: 0,
            ..Self::default()
        }
    }

    /// Retries at most `max_retries` times after the first attempt.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = max_retries;
        self
    }

    /// The wait before the first retry; each later one doubles it.
    pub fn initial_backoff(mut self, initial_backoff: Duration) -> Self {
        self.initial_backoff = initial_backoff;
        self
    }

    /// The longest wait, whether computed or asked for by `Retry-After`.
    pub fn max_backoff(mut self, max_backoff: Duration) -> Self {
        self.max_backoff = max_backoff;
        self
    }

    /// Whether `POST` and `PATCH` requests are retried too. Opt in only for operations the
    /// server applies at most once, such as those taking an idempotency key.
    pub fn retry_non_idempotent(mut self, retry_non_idempotent: bool) -> Self {
        self.retry_non_idempotent = retry_non_idempotent;
        self
    }

    /// Whether a request with this method may be retried at all.
    pub(crate) fn allows(&self, method: &Method, retries_so_far: u32) -> bool {
        retries_so_far < self.max_retries && (self.retry_non_idempotent || is_idempotent(method))
    }

    /// How long to wait before retry number `retry` (from 0) after a response with `status`,
    /// or `None` when the response is final.
    pub(crate) fn delay_after_response(
        &self,
        status: StatusCode,
        headers: &HeaderMap,
        retry: u32,
    ) -> Option<Duration> {
        if !matches!(status.as_u16(), 408 | 429 | 502 | 503 | 504) {
            return None;
        }
        match retry_after(headers, SystemTime::now()) {
            Some(wait) if wait > self.max_backoff => None,
            Some(wait) => Some(wait),
            None => Some(self.backoff(retry)),
        }
    }

    /// The jittered exponential wait before retry number `retry` (from 0).
    pub(crate) fn backoff(&self, retry: u32) -> Duration {
        let ceiling = self
            .initial_backoff
            .saturating_mul(2u32.saturating_pow(retry))
            .min(self.max_backoff);
        let half = ceiling / 2;
        half + half.mul_f64(fastrand::f64())
    }
}

fn is_idempotent(method: &Method) -> bool {
    [
        Method::GET,
        Method::HEAD,
        Method::PUT,
        Method::DELETE,
        Method::OPTIONS,
        Method::TRACE,
    ]
    .contains(method)
}

/// The wait a `Retry-After` header asks for: delay-seconds or an HTTP date (RFC 9110).
fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(retry_after: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_str(retry_after).unwrap());
        headers
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let now = httpdate::parse_http_date("Sun, 22 Nov 2026 10:00:00 GMT").unwrap();
        assert_eq!(
            retry_after(&headers("7"), now),
            Some(Duration::from_secs(7))
        );
        assert_eq!(
            retry_after(&headers("Sun, 22 Nov 2026 10:00:30 GMT"), now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            retry_after(&headers("Sun, 22 Nov 2026 09:00:00 GMT"), now),
            Some(Duration::ZERO)
        );
        assert_eq!(retry_after(&headers("soon"), now), None);
        assert_eq!(retry_after(&HeaderMap::new(), now), None);
    }

    #[test]
    fn backoff_doubles_within_jitter_and_stops_at_the_maximum() {
        let policy = RetryPolicy::default()
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_millis(500));
        for _ in 0..100 {
            let first = policy.backoff(0);
            assert!(first >= Duration::from_millis(50) && first <= Duration::from_millis(100));
            let third = policy.backoff(2);
            assert!(third >= Duration::from_millis(200) && third <= Duration::from_millis(400));
            let late = policy.backoff(30);
            assert!(late >= Duration::from_millis(250) && late <= Duration::from_millis(500));
        }
    }

    #[test]
    fn only_transient_statuses_are_retried() {
        let policy = RetryPolicy::default();
        let none = HeaderMap::new();
        for status in [408, 429, 502, 503, 504] {
            let status = StatusCode::from_u16(status).unwrap();
            assert!(policy.delay_after_response(status, &none, 0).is_some());
        }
        for status in [200, 400, 401, 404, 409, 500, 501] {
            let status = StatusCode::from_u16(status).unwrap();
            assert!(policy.delay_after_response(status, &none, 0).is_none());
        }
        let too_long = headers("31");
        assert_eq!(
            policy.delay_after_response(StatusCode::TOO_MANY_REQUESTS, &too_long, 0),
            None
        );
    }

    #[test]
    fn non_idempotent_methods_need_opting_in() {
        let policy = RetryPolicy::default();
        assert!(policy.allows(&Method::GET, 0));
        assert!(policy.allows(&Method::PUT, 2));
        assert!(!policy.allows(&Method::PUT, 3));
        assert!(!policy.allows(&Method::POST, 0));
        assert!(!policy.allows(&Method::PATCH, 0));
        let opted_in = policy.retry_non_idempotent(true);
        assert!(opted_in.allows(&Method::PATCH, 0));
        assert!(!RetryPolicy::none().allows(&Method::GET, 0));
    }
}
