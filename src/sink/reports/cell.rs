//! One cell of a report, typed: the CSV writes its text as SPEC §6 says (ISO dates, amounts
//! with `.` and two decimals), the workbook writes the number or date it stands for. Each
//! table says once what its columns are; both formats follow.

use std::borrow::Cow;

#[derive(Debug, Clone)]
pub enum Cell<'a> {
    Text(Cow<'a, str>),
    Int(i64),
    /// An amount as the store keeps it ("1234.56"), in `currency`. Empty: no amount.
    Money {
        amount: Cow<'a, str>,
        currency: Cow<'a, str>,
    },
    /// `YYYY-MM-DD`, or empty.
    Date(Cow<'a, str>),
    /// RFC 3339 UTC, or empty.
    Time(Cow<'a, str>),
}

impl<'a> Cell<'a> {
    pub fn text(text: impl Into<Cow<'a, str>>) -> Cell<'a> {
        Cell::Text(text.into())
    }

    pub fn money(amount: impl Into<Cow<'a, str>>, currency: impl Into<Cow<'a, str>>) -> Cell<'a> {
        Cell::Money {
            amount: amount.into(),
            currency: currency.into(),
        }
    }

    pub fn date(date: impl Into<Cow<'a, str>>) -> Cell<'a> {
        Cell::Date(date.into())
    }

    pub fn time(time: impl Into<Cow<'a, str>>) -> Cell<'a> {
        Cell::Time(time.into())
    }

    /// The CSV text of the cell.
    pub fn as_text(&self) -> Cow<'_, str> {
        match self {
            Cell::Text(t) | Cell::Date(t) | Cell::Time(t) => Cow::Borrowed(t),
            Cell::Money { amount, .. } => Cow::Borrowed(amount),
            Cell::Int(n) => Cow::Owned(n.to_string()),
        }
    }
}

/// An amount in cents, for totals that must add up to the cent ("-12.5" is -1250).
pub fn cents(amount: &str) -> Option<i64> {
    let amount = amount.trim();
    let (negative, digits) = match amount.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, amount),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty() && fraction.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !fraction.bytes().all(|b| b.is_ascii_digit())
        || fraction.len() > 2
    {
        return None;
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let fraction: i64 = format!("{fraction:0<2}").parse().ok()?;
    let value = whole.checked_mul(100)?.checked_add(fraction)?;
    Some(if negative { -value } else { value })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_become_cents_exactly() {
        assert_eq!(cents("1234.56"), Some(123456));
        assert_eq!(cents("-12.5"), Some(-1250));
        assert_eq!(cents("7"), Some(700));
        assert_eq!(cents(".5"), Some(50));
        assert_eq!(cents(""), None);
        assert_eq!(cents("1.234"), None);
        assert_eq!(cents("1e3"), None);
    }
}
