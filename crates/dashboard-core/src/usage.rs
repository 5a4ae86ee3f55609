//! This month's metered DingTalk calls against the app's budget, as the server reports them on
//! every answer that cost one (`dingtalk_wire::CALLS_HEADER`).

/// Share of the budget from which the count is shown as a warning.
const WARN_FROM_PERCENT: i64 = 80;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallUsage {
    pub used: i64,
    pub budget: i64,
    /// `2027-01-01`: when the count starts again (China time).
    pub resets_on: String,
}

impl CallUsage {
    /// Reads `used budget resets-on` (`123 2000 2027-01-01`); `None` for anything else.
    pub fn from_header(value: &str) -> Option<Self> {
        let mut parts = value.split_ascii_whitespace();
        let used = parts.next()?.parse().ok().filter(|u: &i64| *u >= 0)?;
        let budget = parts.next()?.parse().ok().filter(|b: &i64| *b > 0)?;
        let resets_on = parts.next()?;
        let date_like = resets_on.len() == 10
            && resets_on.chars().enumerate().all(|(i, c)| {
                if i == 4 || i == 7 {
                    c == '-'
                } else {
                    c.is_ascii_digit()
                }
            });
        (date_like && parts.next().is_none()).then(|| Self {
            used,
            budget,
            resets_on: resets_on.to_owned(),
        })
    }

    /// Whether most of the budget is spent (from 80%).
    pub fn is_high(&self) -> bool {
        self.used * 100 >= self.budget * WARN_FROM_PERCENT
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_servers_header_and_nothing_else() {
        let u = CallUsage::from_header("123 2000 2027-01-01").expect("valid");
        assert_eq!(
            (u.used, u.budget, u.resets_on.as_str()),
            (123, 2000, "2027-01-01")
        );
        assert!(!u.is_high());
        assert!(CallUsage::from_header("1600 2000 2027-01-01")
            .expect("valid")
            .is_high());
        for junk in [
            "",
            "123",
            "123 2000",
            "-1 2000 2027-01-01",
            "1 0 2027-01-01",
            "1 2000 tomorrow",
            "1 2000 2027-01-01 extra",
            "x 2000 2027-01-01",
            "1 2000 2027/01/01",
        ] {
            assert_eq!(CallUsage::from_header(junk), None, "{junk:?}");
        }
    }
}
