//! The formats xAPI 1.0.3 values take (Data §4): IRIs, UUIDs, RFC 5646 language tags, ISO 8601
//! timestamps and durations.

/// An absolute IRI: a scheme, `:`, and no whitespace or characters IRIs never hold.
pub fn is_iri(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once(':') else { return false };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !rest.is_empty()
        && !s.chars().any(|c| {
            c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | '{' | '}' | '|' | '\\' | '^' | '`')
        })
}

/// A UUID in its hyphenated text form (any version).
pub fn is_uuid(s: &str) -> bool {
    s.len() == 36 && uuid::Uuid::parse_str(s).is_ok()
}

/// An RFC 5646 language tag.
pub fn is_language_tag(s: &str) -> bool {
    language_tags::LanguageTag::parse(s).is_ok_and(|t| t.validate().is_ok())
}

/// An ISO 8601 timestamp with a time zone (`Z` or an offset; `-00:00` is refused, as the
/// specification requires).
pub fn parse_timestamp(s: &str) -> Option<chrono::DateTime<chrono::FixedOffset>> {
    if s.ends_with("-00:00") || s.ends_with("-0000") || s.ends_with("-00") {
        return None;
    }
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
        return Some(t);
    }
    for f in ["%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%dT%H:%M:%S%.f%#z", "%Y-%m-%dT%H:%M%z"] {
        if let Ok(t) = chrono::DateTime::parse_from_str(s, f) {
            return Some(t);
        }
    }
    None
}

/// An ISO 8601 duration (`P1DT2H3M4.5S`, `PT0S`, `P3W`).
pub fn is_duration(s: &str) -> bool {
    let Some(rest) = s.strip_prefix('P') else { return false };
    if rest.is_empty() {
        return false;
    }
    if let Some(w) = rest.strip_suffix('W') {
        return !w.is_empty() && number(w);
    }
    let (date, time) = match rest.split_once('T') {
        Some((d, t)) => {
            if t.is_empty() {
                return false;
            }
            (d, Some(t))
        }
        None => (rest, None),
    };
    units(date, &['Y', 'M', 'D']) && time.is_none_or(|t| units(t, &['H', 'M', 'S']))
}

fn number(s: &str) -> bool {
    let s = s.replace(',', ".");
    !s.is_empty() && s.parse::<f64>().is_ok_and(|n| n >= 0.0) && s.chars().all(|c| c.is_ascii_digit() || c == '.')
}

/// `1Y2M3D`-like: numbers each followed by one of `order`, in that order, each at most once.
fn units(s: &str, order: &[char]) -> bool {
    let mut at = 0;
    let mut num = String::new();
    for c in s.chars() {
        if c.is_ascii_digit() || c == '.' || c == ',' {
            num.push(c);
            continue;
        }
        let Some(i) = order[at..].iter().position(|u| *u == c) else { return false };
        if !number(&num) {
            return false;
        }
        num.clear();
        at += i + 1;
    }
    num.is_empty()
}

#[cfg(test)]
mod tests {
    #[test]
    fn durations() {
        for d in ["PT1H0M0S", "P1D", "P3W", "PT0.5S", "P1Y2M3DT4H5M6S", "PT36H"] {
            assert!(super::is_duration(d), "{d}");
        }
        for d in ["P", "PT", "1D", "P1H", "PT1D", "P1S", "PM", "P1M1Y"] {
            assert!(!super::is_duration(d), "{d}");
        }
    }
}
