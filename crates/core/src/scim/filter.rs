//! SCIM filters (RFC 7644 §3.4.2.2) and attribute paths (§3.5.2): parsed once, evaluated against a
//! resource's JSON. Attribute names are case-insensitive; string comparisons are too, except for the
//! attributes whose schema says `caseExact` (ids and external ids).

use serde_json::Value;

use super::ScimError;

/// An attribute (with an optional sub-attribute), lower-cased, its schema URN removed.
#[derive(Debug, Clone, PartialEq)]
pub struct AttrPath {
    pub attr: String,
    pub sub: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Op {
    Eq,
    Ne,
    Co,
    Sw,
    Ew,
    Gt,
    Ge,
    Lt,
    Le,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    Compare(AttrPath, Op, Value),
    Present(AttrPath),
    And(Box<Filter>, Box<Filter>),
    Or(Box<Filter>, Box<Filter>),
    Not(Box<Filter>),
    /// `attr[filter]`: some element of the multi-valued `attr` matches (the inner filter's paths are
    /// relative to the element).
    Has(String, Box<Filter>),
}

/// A PATCH target: `attr`, `attr.sub`, `attr[filter]` or `attr[filter].sub`.
#[derive(Debug, Clone, PartialEq)]
pub struct PatchPath {
    pub attr: String,
    pub filter: Option<Filter>,
    pub sub: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Open,
    Close,
    OpenBracket,
    CloseBracket,
    Str(String),
    Word(String),
}

fn invalid_filter(msg: impl Into<String>) -> ScimError {
    ScimError::bad_request("invalidFilter", msg)
}

fn tokenize(s: &str) -> Result<Vec<Tok>, ScimError> {
    let mut out = Vec::new();
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            ' ' | '\t' | '\n' | '\r' => i += 1,
            '(' => {
                out.push(Tok::Open);
                i += 1
            }
            ')' => {
                out.push(Tok::Close);
                i += 1
            }
            '[' => {
                out.push(Tok::OpenBracket);
                i += 1
            }
            ']' => {
                out.push(Tok::CloseBracket);
                i += 1
            }
            '"' => {
                // A JSON string: find its end (honouring escapes) and let serde decode it.
                let start = i;
                i += 1;
                while i < chars.len() && chars[i] != '"' {
                    if chars[i] == '\\' {
                        i += 1;
                    }
                    i += 1;
                }
                if i >= chars.len() {
                    return Err(invalid_filter("a string is not closed"));
                }
                let raw: String = chars[start..=i].iter().collect();
                let v: String = serde_json::from_str(&raw).map_err(|_| invalid_filter(format!("bad string {raw}")))?;
                out.push(Tok::Str(v));
                i += 1;
            }
            _ => {
                let start = i;
                while i < chars.len() && !matches!(chars[i], ' ' | '\t' | '\n' | '\r' | '(' | ')' | '[' | ']' | '"') {
                    i += 1;
                }
                out.push(Tok::Word(chars[start..i].iter().collect()));
            }
        }
    }
    Ok(out)
}

/// `urn:...:User:name.givenName` → `name.givenName`; names are case-insensitive.
fn attr_path(word: &str) -> Result<AttrPath, ScimError> {
    let local =
        if word.to_ascii_lowercase().starts_with("urn:") { word.rsplit(':').next().unwrap_or_default() } else { word };
    let mut parts = local.splitn(2, '.');
    let attr = parts.next().unwrap_or_default().to_ascii_lowercase();
    let sub = parts.next().map(str::to_ascii_lowercase);
    let ok =
        |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '$');
    if !ok(&attr) || sub.as_deref().is_some_and(|s| !ok(s)) {
        return Err(invalid_filter(format!("{word:?} is not an attribute path")));
    }
    Ok(AttrPath { attr, sub })
}

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }

    fn next(&mut self) -> Option<Tok> {
        let t = self.toks.get(self.pos).cloned();
        self.pos += 1;
        t
    }

    fn keyword(&self, k: &str) -> bool {
        matches!(self.peek(), Some(Tok::Word(w)) if w.eq_ignore_ascii_case(k))
    }

    fn or(&mut self) -> Result<Filter, ScimError> {
        let mut left = self.and()?;
        while self.keyword("or") {
            self.pos += 1;
            left = Filter::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Filter, ScimError> {
        let mut left = self.unary()?;
        while self.keyword("and") {
            self.pos += 1;
            left = Filter::And(Box::new(left), Box::new(self.unary()?));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Filter, ScimError> {
        if self.keyword("not") {
            self.pos += 1;
            if self.next() != Some(Tok::Open) {
                return Err(invalid_filter("`not` must be followed by a parenthesised filter"));
            }
            let inner = self.or()?;
            if self.next() != Some(Tok::Close) {
                return Err(invalid_filter("a parenthesis is not closed"));
            }
            return Ok(Filter::Not(Box::new(inner)));
        }
        match self.next() {
            Some(Tok::Open) => {
                let inner = self.or()?;
                if self.next() != Some(Tok::Close) {
                    return Err(invalid_filter("a parenthesis is not closed"));
                }
                Ok(inner)
            }
            Some(Tok::Word(w)) => {
                let path = attr_path(&w)?;
                if self.peek() == Some(&Tok::OpenBracket) {
                    self.pos += 1;
                    let inner = self.or()?;
                    if self.next() != Some(Tok::CloseBracket) {
                        return Err(invalid_filter("a `[` is not closed"));
                    }
                    if path.sub.is_some() {
                        return Err(invalid_filter("a value filter applies to an attribute, not a sub-attribute"));
                    }
                    return Ok(Filter::Has(path.attr, Box::new(inner)));
                }
                self.comparison(path)
            }
            other => Err(invalid_filter(format!("unexpected {other:?}"))),
        }
    }

    fn comparison(&mut self, path: AttrPath) -> Result<Filter, ScimError> {
        let Some(Tok::Word(op)) = self.next() else {
            return Err(invalid_filter("an attribute must be followed by an operator"));
        };
        let op = match op.to_ascii_lowercase().as_str() {
            "pr" => return Ok(Filter::Present(path)),
            "eq" => Op::Eq,
            "ne" => Op::Ne,
            "co" => Op::Co,
            "sw" => Op::Sw,
            "ew" => Op::Ew,
            "gt" => Op::Gt,
            "ge" => Op::Ge,
            "lt" => Op::Lt,
            "le" => Op::Le,
            other => return Err(invalid_filter(format!("unknown operator {other:?}"))),
        };
        let value = match self.next() {
            Some(Tok::Str(s)) => Value::String(s),
            Some(Tok::Word(w)) => match w.to_ascii_lowercase().as_str() {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                "null" => Value::Null,
                _ => serde_json::from_str::<serde_json::Number>(&w)
                    .map(Value::Number)
                    .map_err(|_| invalid_filter(format!("{w:?} is not a value (strings are quoted)")))?,
            },
            _ => return Err(invalid_filter("an operator must be followed by a value")),
        };
        Ok(Filter::Compare(path, op, value))
    }
}

/// Parses a `filter` query parameter.
pub fn parse(s: &str) -> Result<Filter, ScimError> {
    if s.len() > 4096 {
        return Err(invalid_filter("the filter is longer than 4096 characters"));
    }
    let mut p = Parser { toks: tokenize(s)?, pos: 0 };
    let f = p.or()?;
    if p.pos != p.toks.len() {
        return Err(invalid_filter("unexpected text after the filter"));
    }
    Ok(f)
}

/// Parses a PATCH operation's `path`.
pub fn parse_path(s: &str) -> Result<PatchPath, ScimError> {
    let invalid = |m: &str| ScimError::bad_request("invalidPath", format!("path {s:?}: {m}"));
    let s = s.trim();
    match s.find('[') {
        None => {
            let p = attr_path(s).map_err(|_| invalid("not an attribute path"))?;
            Ok(PatchPath { attr: p.attr, filter: None, sub: p.sub })
        }
        Some(open) => {
            let close = s.rfind(']').ok_or_else(|| invalid("a `[` is not closed"))?;
            let head = attr_path(&s[..open]).map_err(|_| invalid("not an attribute path"))?;
            if head.sub.is_some() || close < open {
                return Err(invalid("a value filter applies to an attribute"));
            }
            let filter = parse(&s[open + 1..close]).map_err(|e| invalid(&e.detail))?;
            let rest = &s[close + 1..];
            let sub = match rest.strip_prefix('.') {
                Some(sub) if !sub.is_empty() && sub.chars().all(|c| c.is_ascii_alphanumeric() || c == '$') => {
                    Some(sub.to_ascii_lowercase())
                }
                None if rest.is_empty() => None,
                _ => return Err(invalid("only a sub-attribute may follow a value filter")),
            };
            Ok(PatchPath { attr: head.attr, filter: Some(filter), sub })
        }
    }
}

/// The value of `key` in `obj`, matched case-insensitively.
pub fn get_ci<'a>(obj: &'a Value, key: &str) -> Option<&'a Value> {
    obj.as_object()?.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|(_, v)| v)
}

/// Attributes compared exactly (RFC 7643: `id`, `externalId` and references are `caseExact`).
fn case_exact(attr: &str) -> bool {
    matches!(attr, "id" | "externalid" | "$ref")
}

fn values_at<'a>(doc: &'a Value, path: &AttrPath) -> Vec<&'a Value> {
    let Some(v) = get_ci(doc, &path.attr) else { return vec![] };
    let items: Vec<&Value> = match v {
        Value::Array(a) => a.iter().collect(),
        other => vec![other],
    };
    match &path.sub {
        Some(sub) => items.into_iter().filter_map(|i| get_ci(i, sub)).collect(),
        // A complex multi-valued attribute compares on its `value`.
        None => items.into_iter().map(|i| if i.is_object() { get_ci(i, "value").unwrap_or(i) } else { i }).collect(),
    }
}

fn compare(found: &Value, op: Op, want: &Value, exact: bool) -> bool {
    use std::cmp::Ordering;
    let ord: Option<Ordering> = match (found, want) {
        (Value::String(a), Value::String(b)) => {
            let (a, b) = if exact { (a.clone(), b.clone()) } else { (a.to_lowercase(), b.to_lowercase()) };
            match op {
                Op::Co => return a.contains(&b),
                Op::Sw => return a.starts_with(&b),
                Op::Ew => return a.ends_with(&b),
                _ => Some(a.cmp(&b)),
            }
        }
        (Value::Number(a), Value::Number(b)) => a.as_f64().zip(b.as_f64()).and_then(|(a, b)| a.partial_cmp(&b)),
        (Value::Bool(a), Value::Bool(b)) => match op {
            Op::Eq | Op::Ne => Some(a.cmp(b)),
            _ => None,
        },
        // Lenient about booleans sent as strings ("True"), as some provisioning clients do.
        (Value::Bool(a), Value::String(b)) => match (op, b.to_ascii_lowercase().as_str()) {
            (Op::Eq | Op::Ne, "true") => Some(a.cmp(&true)),
            (Op::Eq | Op::Ne, "false") => Some(a.cmp(&false)),
            _ => None,
        },
        _ => None,
    };
    match (op, ord) {
        (Op::Eq, Some(o)) => o == Ordering::Equal,
        (Op::Gt, Some(o)) => o == Ordering::Greater,
        (Op::Ge, Some(o)) => o != Ordering::Less,
        (Op::Lt, Some(o)) => o == Ordering::Less,
        (Op::Le, Some(o)) => o != Ordering::Greater,
        _ => false,
    }
}

/// Whether the resource `doc` matches `filter`.
pub fn matches(filter: &Filter, doc: &Value) -> bool {
    match filter {
        Filter::And(a, b) => matches(a, doc) && matches(b, doc),
        Filter::Or(a, b) => matches(a, doc) || matches(b, doc),
        Filter::Not(f) => !matches(f, doc),
        Filter::Present(p) => values_at(doc, p).iter().any(|v| match v {
            Value::Null => false,
            Value::String(s) => !s.is_empty(),
            Value::Array(a) => !a.is_empty(),
            _ => true,
        }),
        Filter::Compare(p, op, want) => {
            let exact = case_exact(p.sub.as_deref().unwrap_or(&p.attr));
            let found = values_at(doc, p);
            match op {
                Op::Ne => !found.iter().any(|v| compare(v, Op::Eq, want, exact)),
                Op::Eq if want.is_null() => found.iter().all(|v| v.is_null()),
                _ => found.iter().any(|v| compare(v, *op, want, exact)),
            }
        }
        Filter::Has(attr, inner) => match get_ci(doc, attr) {
            Some(Value::Array(items)) => items.iter().any(|i| matches(inner, i)),
            Some(v @ Value::Object(_)) => matches(inner, v),
            _ => false,
        },
    }
}

/// An equality on `attr` (or `attr.sub`) that every match must satisfy, for narrowing a query with an
/// index before the filter is evaluated: the value of `attr eq "x"` at the top or under `and`.
pub fn required_eq(filter: &Filter, attr: &str, sub: Option<&str>) -> Option<String> {
    match filter {
        Filter::Compare(p, Op::Eq, Value::String(s)) if p.attr == attr && p.sub.as_deref() == sub => Some(s.clone()),
        Filter::Has(a, inner) if a == attr && sub.is_some() => required_eq(inner, sub.unwrap_or_default(), None),
        Filter::And(a, b) => required_eq(a, attr, sub).or_else(|| required_eq(b, attr, sub)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn filters_parse_and_match_per_rfc_7644() {
        let user = json!({
            "id": "2819c223", "userName": "Bjensen@Example.com", "externalId": "E-1", "active": true,
            "emails": [{"value": "bjensen@example.com", "type": "work", "primary": true}, {"value": "b@home.test", "type": "home"}],
            "meta": {"lastModified": "2026-12-01T10:00:00Z"}
        });
        let yes = [
            r#"userName eq "bjensen@example.com""#,
            r#"urn:ietf:params:scim:schemas:core:2.0:User:userName eq "BJENSEN@example.com""#,
            r#"emails.value eq "b@home.test""#,
            r#"emails[type eq "work" and value co "example"]"#,
            r#"emails co "home""#,
            r#"externalId eq "E-1" and active eq true"#,
            r#"active eq "True""#,
            r#"not (userName eq "x") and (id eq "nope" or id sw "2819")"#,
            r#"meta.lastModified gt "2026-11-30T00:00:00Z""#,
            r#"externalId pr"#,
            r#"title pr or userName ew ".com""#,
        ];
        for f in yes {
            assert!(matches(&parse(f).unwrap(), &user), "{f} should match");
        }
        let no = [
            r#"externalId eq "e-1""#,
            r#"emails[type eq "home" and value co "example"]"#,
            r#"userName ne "bjensen@example.com""#,
            r#"title pr"#,
            r#"active eq false"#,
        ];
        for f in no {
            assert!(!matches(&parse(f).unwrap(), &user), "{f} should not match");
        }
        for bad in
            ["userName", "userName eq", "userName eq bjensen", "(userName pr", "userName zz \"x\"", "a eq \"x\" b"]
        {
            let e = parse(bad).unwrap_err();
            assert_eq!((e.status, e.scim_type), (400, Some("invalidFilter")), "{bad}");
        }
        let f = parse(r#"userName eq "a@b.c" and active eq true"#).unwrap();
        assert_eq!(required_eq(&f, "username", None).as_deref(), Some("a@b.c"));
        let f = parse(r#"emails[type eq "work"].value eq "x""#);
        assert!(f.is_err(), "a sub-attribute after a value filter belongs to PATCH paths only");
        let f = parse(r#"emails[value eq "x@y.z"]"#).unwrap();
        assert_eq!(required_eq(&f, "emails", Some("value")).as_deref(), Some("x@y.z"));
        assert_eq!(required_eq(&parse(r#"a eq "1" or b eq "2""#).unwrap(), "a", None), None);
    }

    #[test]
    fn patch_paths_parse() {
        assert_eq!(
            parse_path("displayName").unwrap(),
            PatchPath { attr: "displayname".into(), filter: None, sub: None }
        );
        assert_eq!(
            parse_path("name.givenName").unwrap(),
            PatchPath { attr: "name".into(), filter: None, sub: Some("givenname".into()) }
        );
        let p = parse_path(r#"emails[type eq "work"].value"#).unwrap();
        assert_eq!((p.attr.as_str(), p.sub.as_deref()), ("emails", Some("value")));
        let p = parse_path(r#"members[value eq "2819c223-7f76-453a-919d-413861904646"]"#).unwrap();
        assert!(p.filter.is_some() && p.sub.is_none());
        for bad in ["", "members[", "a.b.c[x eq 1]", "emails[type eq \"work\"]x"] {
            assert_eq!(parse_path(bad).unwrap_err().scim_type, Some("invalidPath"), "{bad}");
        }
    }
}
