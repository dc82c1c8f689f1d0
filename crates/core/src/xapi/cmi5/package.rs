//! A cmi5 course structure (`cmi5.xml`, cmi5 §13): the course, its blocks (nested to any depth) and its
//! assignable units (AUs) in document order, checked against the specification's rules. Errors are 400s
//! naming the element (`au[2].url`) and what is wrong.

use crate::error::{Error, Result};

/// The XML namespace of a course structure.
pub const NAMESPACE: &str = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd";

/// How an AU is satisfied (cmi5 §13.1.4, `moveOn`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum MoveOn {
    Passed,
    Completed,
    CompletedAndPassed,
    CompletedOrPassed,
    NotApplicable,
}

impl MoveOn {
    pub fn parse(s: &str) -> Option<MoveOn> {
        Some(match s {
            "Passed" => MoveOn::Passed,
            "Completed" => MoveOn::Completed,
            "CompletedAndPassed" => MoveOn::CompletedAndPassed,
            "CompletedOrPassed" => MoveOn::CompletedOrPassed,
            "NotApplicable" => MoveOn::NotApplicable,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            MoveOn::Passed => "Passed",
            MoveOn::Completed => "Completed",
            MoveOn::CompletedAndPassed => "CompletedAndPassed",
            MoveOn::CompletedOrPassed => "CompletedOrPassed",
            MoveOn::NotApplicable => "NotApplicable",
        }
    }

    /// Whether an AU with this criterion is satisfied once it has been `completed` and/or `passed`.
    pub fn satisfied(self, completed: bool, passed: bool) -> bool {
        match self {
            MoveOn::Passed => passed,
            MoveOn::Completed => completed,
            MoveOn::CompletedAndPassed => completed && passed,
            MoveOn::CompletedOrPassed => completed || passed,
            MoveOn::NotApplicable => true,
        }
    }
}

/// Whether an AU opens in a new window or replaces the LMS's (`launchMethod`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum LaunchMethod {
    AnyWindow,
    OwnWindow,
}

/// An assignable unit.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Au {
    /// The AU's IRI (its publisher's id; `activityId` of its launch).
    pub id: String,
    pub title: String,
    pub description: String,
    /// As written: absolute, or relative to the package's root.
    pub url: String,
    pub move_on: MoveOn,
    /// Between 0 and 1.
    pub mastery_score: Option<f64>,
    pub launch_method: LaunchMethod,
    pub launch_parameters: Option<String>,
    pub entitlement_key: Option<String>,
    pub activity_type: Option<String>,
    /// The ids of the blocks that hold it, outermost first.
    pub blocks: Vec<String>,
}

/// A block (title and id), in document order.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub id: String,
    pub title: String,
    /// The ids of the blocks that hold it, outermost first.
    pub parents: Vec<String>,
}

/// A course structure.
#[derive(Debug, Clone, PartialEq)]
pub struct CourseStructure {
    /// The course's IRI.
    pub id: String,
    pub title: String,
    pub description: String,
    pub blocks: Vec<Block>,
    pub aus: Vec<Au>,
}

fn bad(path: &str, what: impl std::fmt::Display) -> Error {
    Error::invalid("cmi5.xml", format!("{path}: {what}"))
}

/// The text of a `<title>`/`<description>`: the `langstring` in `lang`-preferred order (the first one
/// when none matches), or the element's own text.
fn langstring(node: Option<roxmltree::Node<'_, '_>>) -> String {
    let Some(node) = node else { return String::new() };
    let strings: Vec<_> = node.children().filter(|c| c.has_tag_name((NAMESPACE, "langstring"))).collect();
    let pick = strings
        .iter()
        .find(|s| s.attribute("lang").is_some_and(|l| l.to_ascii_lowercase().starts_with("en")))
        .or(strings.first());
    match pick {
        Some(s) => s.text().unwrap_or("").trim().to_string(),
        None => node.text().unwrap_or("").trim().to_string(),
    }
}

fn child<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    node.children().find(|c| c.has_tag_name((NAMESPACE, name)))
}

fn iri(v: Option<&str>, path: &str) -> Result<String> {
    match v.map(str::trim) {
        Some(s) if super::super::formats::is_iri(s) => Ok(s.to_string()),
        Some(_) => Err(bad(path, "`id` must be an absolute IRI")),
        None => Err(bad(path, "`id` is required")),
    }
}

/// Reads a `cmi5.xml`.
pub fn parse(xml: &str) -> Result<CourseStructure> {
    let doc = roxmltree::Document::parse(xml).map_err(|e| bad("cmi5.xml", format!("is not well-formed XML: {e}")))?;
    let root = doc.root_element();
    if !root.has_tag_name((NAMESPACE, "courseStructure")) {
        return Err(bad(
            "courseStructure",
            format!("the root element must be courseStructure in the namespace {NAMESPACE}"),
        ));
    }
    let course = child(root, "course").ok_or_else(|| bad("courseStructure", "has no course"))?;
    let mut out = CourseStructure {
        id: iri(course.attribute("id"), "course")?,
        title: langstring(child(course, "title")),
        description: langstring(child(course, "description")),
        blocks: Vec::new(),
        aus: Vec::new(),
    };
    if out.title.is_empty() {
        return Err(bad("course.title", "is required"));
    }
    walk(root, &mut Vec::new(), &mut out)?;
    if out.aus.is_empty() {
        return Err(bad("courseStructure", "has no AU"));
    }
    let mut ids = std::collections::HashSet::new();
    for id in out.aus.iter().map(|a| &a.id).chain(out.blocks.iter().map(|b| &b.id)).chain(std::iter::once(&out.id)) {
        if !ids.insert(id.as_str()) {
            return Err(bad("courseStructure", format!("the id {id} is used twice")));
        }
    }
    Ok(out)
}

fn walk(node: roxmltree::Node<'_, '_>, parents: &mut Vec<String>, out: &mut CourseStructure) -> Result<()> {
    for c in node.children().filter(roxmltree::Node::is_element) {
        if c.has_tag_name((NAMESPACE, "block")) {
            let path = format!("block[{}]", out.blocks.len());
            let id = iri(c.attribute("id"), &path)?;
            let title = langstring(child(c, "title"));
            if title.is_empty() {
                return Err(bad(&format!("{path}.title"), "is required"));
            }
            out.blocks.push(Block { id: id.clone(), title, parents: parents.clone() });
            parents.push(id);
            walk(c, parents, out)?;
            parents.pop();
        } else if c.has_tag_name((NAMESPACE, "au")) {
            let au = read_au(c, parents, out.aus.len())?;
            out.aus.push(au);
        }
    }
    Ok(())
}

fn read_au(c: roxmltree::Node<'_, '_>, parents: &[String], n: usize) -> Result<Au> {
    let path = format!("au[{n}]");
    let id = iri(c.attribute("id"), &path)?;
    let title = langstring(child(c, "title"));
    if title.is_empty() {
        return Err(bad(&format!("{path}.title"), "is required"));
    }
    let url = child(c, "url").and_then(|u| u.text()).map(str::trim).unwrap_or("").to_string();
    if url.is_empty() {
        return Err(bad(&format!("{path}.url"), "is required"));
    }
    if url.contains(char::is_whitespace) || url.starts_with("javascript:") || url.starts_with("data:") {
        return Err(bad(&format!("{path}.url"), "must be a URL (absolute, or relative to the package)"));
    }
    let move_on = match c.attribute("moveOn") {
        None => MoveOn::NotApplicable,
        Some(m) => MoveOn::parse(m).ok_or_else(|| {
            bad(
                &format!("{path}.moveOn"),
                "must be Passed, Completed, CompletedAndPassed, CompletedOrPassed or NotApplicable",
            )
        })?,
    };
    let mastery_score = match c.attribute("masteryScore") {
        None => None,
        Some(s) => match s.trim().parse::<f64>() {
            Ok(v) if (0.0..=1.0).contains(&v) => Some(v),
            _ => return Err(bad(&format!("{path}.masteryScore"), "must be a decimal between 0 and 1")),
        },
    };
    let launch_method = match c.attribute("launchMethod") {
        None | Some("AnyWindow") => LaunchMethod::AnyWindow,
        Some("OwnWindow") => LaunchMethod::OwnWindow,
        Some(_) => return Err(bad(&format!("{path}.launchMethod"), "must be AnyWindow or OwnWindow")),
    };
    let text =
        |name: &str| child(c, name).and_then(|n| n.text()).map(|t| t.trim().to_string()).filter(|t| !t.is_empty());
    Ok(Au {
        id,
        title,
        description: langstring(child(c, "description")),
        url,
        move_on,
        mastery_score,
        launch_method,
        launch_parameters: text("launchParameters"),
        entitlement_key: text("entitlementKey"),
        activity_type: c.attribute("activityType").map(str::to_string),
        blocks: parents.to_vec(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
  <course id="https://example.com/courses/safety">
    <title><langstring lang="fr-FR">Sécurité</langstring><langstring lang="en-US">Lab safety</langstring></title>
    <description><langstring lang="en-US">Before the lab.</langstring></description>
  </course>
  <au id="https://example.com/aus/intro" moveOn="Completed">
    <title><langstring lang="en-US">Introduction</langstring></title>
    <url>intro/index.html</url>
  </au>
  <block id="https://example.com/blocks/chemicals">
    <title><langstring lang="en-US">Chemicals</langstring></title>
    <block id="https://example.com/blocks/acids">
      <title><langstring lang="en-US">Acids</langstring></title>
      <au id="https://example.com/aus/acids-quiz" moveOn="Passed" masteryScore="0.8" launchMethod="OwnWindow">
        <title><langstring lang="en-US">Acids quiz</langstring></title>
        <url>https://content.example.com/acids?lang=en</url>
        <launchParameters>{"difficulty": 2}</launchParameters>
      </au>
    </block>
  </block>
</courseStructure>"#;

    #[test]
    fn reads_the_structure() {
        let c = parse(SAMPLE).unwrap();
        assert_eq!((c.id.as_str(), c.title.as_str()), ("https://example.com/courses/safety", "Lab safety"));
        assert_eq!(c.blocks.len(), 2);
        assert_eq!(c.blocks[1].parents, vec!["https://example.com/blocks/chemicals".to_string()]);
        assert_eq!(c.aus.len(), 2);
        assert_eq!((c.aus[0].move_on, c.aus[0].blocks.len()), (MoveOn::Completed, 0));
        let quiz = &c.aus[1];
        assert_eq!(
            (quiz.move_on, quiz.mastery_score, quiz.launch_method),
            (MoveOn::Passed, Some(0.8), LaunchMethod::OwnWindow)
        );
        assert_eq!(quiz.launch_parameters.as_deref(), Some(r#"{"difficulty": 2}"#));
        assert_eq!(quiz.blocks.len(), 2);
    }

    #[test]
    fn refuses_what_the_specification_does_not_allow() {
        let cases = [
            (SAMPLE.replace("moveOn=\"Passed\"", "moveOn=\"Sometimes\""), "moveOn"),
            (SAMPLE.replace("masteryScore=\"0.8\"", "masteryScore=\"80\""), "masteryScore"),
            (SAMPLE.replace("<url>intro/index.html</url>", ""), "url"),
            (SAMPLE.replace("https://example.com/aus/intro", "https://example.com/blocks/acids"), "twice"),
            (SAMPLE.replace("CourseStructure.xsd", "Other.xsd"), "namespace"),
            ("<courseStructure".to_string(), "well-formed"),
        ];
        for (xml, what) in cases {
            let e = parse(&xml).unwrap_err().to_string();
            assert!(e.contains(what), "{what}: {e}");
        }
    }

    #[test]
    fn move_on() {
        assert!(MoveOn::CompletedOrPassed.satisfied(false, true));
        assert!(!MoveOn::CompletedAndPassed.satisfied(true, false));
        assert!(MoveOn::NotApplicable.satisfied(false, false));
    }
}
