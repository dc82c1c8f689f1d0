//! Cursor pagination shared by every list: `limit` (default 50, max 200) and an opaque `cursor`; items
//! come in id order (ids are UUIDv7, so that is creation order), and `next_cursor` is absent on the last
//! page.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};

use crate::error::{Error, Result};

pub const DEFAULT_LIMIT: i64 = 50;
pub const MAX_LIMIT: i64 = 200;

/// A validated page request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    pub limit: i64,
    /// Items strictly after this id.
    pub after: Option<uuid::Uuid>,
}

impl PageRequest {
    /// Checks `limit` and decodes `cursor`; errors name the parameter.
    pub fn new(limit: Option<i64>, cursor: Option<&str>) -> Result<Self> {
        let limit = limit.unwrap_or(DEFAULT_LIMIT);
        if !(1..=MAX_LIMIT).contains(&limit) {
            return Err(Error::invalid("limit", format!("must be between 1 and {MAX_LIMIT}")));
        }
        let after = match cursor {
            None => None,
            Some(c) => Some(decode(c).ok_or_else(|| {
                Error::invalid("cursor", "is not a cursor this API issued; pass `next_cursor` from the previous page")
            })?),
        };
        Ok(PageRequest { limit, after })
    }

    pub fn first(limit: i64) -> Self {
        PageRequest { limit, after: None }
    }
}

fn decode(cursor: &str) -> Option<uuid::Uuid> {
    let bytes = URL_SAFE_NO_PAD.decode(cursor.strip_prefix("c1.")?).ok()?;
    uuid::Uuid::from_slice(&bytes).ok()
}

pub fn encode(id: uuid::Uuid) -> String {
    format!("c1.{}", URL_SAFE_NO_PAD.encode(id.as_bytes()))
}

/// One page of results.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

impl<T> Page<T> {
    /// Builds a page from up to `limit + 1` rows fetched in id order: the extra row only says there is more.
    pub fn from_rows(mut rows: Vec<T>, req: PageRequest, id: impl Fn(&T) -> uuid::Uuid) -> Self {
        let more = rows.len() as i64 > req.limit;
        rows.truncate(req.limit as usize);
        let next_cursor = if more { rows.last().map(|r| encode(id(r))) } else { None };
        Page { items: rows, next_cursor }
    }

    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page { items: self.items.into_iter().map(f).collect(), next_cursor: self.next_cursor }
    }

    /// [`Page::map`] with a conversion that can fail (a row that cannot be read back).
    pub fn try_map<U, E>(self, f: impl FnMut(T) -> Result<U, E>) -> Result<Page<U>, E> {
        Ok(Page { items: self.items.into_iter().map(f).collect::<Result<_, _>>()?, next_cursor: self.next_cursor })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_and_cursors() {
        assert_eq!(PageRequest::new(None, None).unwrap().limit, 50);
        assert!(PageRequest::new(Some(0), None).is_err());
        assert!(PageRequest::new(Some(201), None).is_err());
        assert!(PageRequest::new(None, Some("garbage")).is_err());
        let id = uuid::Uuid::now_v7();
        assert_eq!(PageRequest::new(Some(10), Some(&encode(id))).unwrap().after, Some(id));
    }

    #[test]
    fn pages_know_when_there_is_more() {
        let ids: Vec<uuid::Uuid> = (0..3).map(|_| uuid::Uuid::now_v7()).collect();
        let p = Page::from_rows(ids.clone(), PageRequest::first(2), |x| *x);
        assert_eq!(p.items.len(), 2);
        assert_eq!(p.next_cursor, Some(encode(ids[1])));
        let p = Page::from_rows(ids[..2].to_vec(), PageRequest::first(2), |x| *x);
        assert!(p.next_cursor.is_none());
    }
}
