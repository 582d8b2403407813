//! Element ids (`"id"` of any element object, `_name` companions included) are unique within a
//! resource. Each resource is its own scope: a nested resource (contained, a Bundle entry's, a
//! Parameters resource) is checked on its own, and the resource's own id takes no part. A
//! StructureDefinition's snapshot repeats its differential's ids, so it is a scope of its own.

use crate::json::{JsonKind, JsonValue};
use crate::validate::issue::{IssueSink, IssueType};
use crate::validate::walk::Walk;

/// One step of the path from the resource to the element being looked at.
enum Step<'j> {
    Member(&'j str),
    Index(usize),
}

struct Scan<'j, 's> {
    sink: &'s mut IssueSink,
    root: &'s str,
    steps: Vec<Step<'j>>,
}

pub(super) fn check(walk: &mut Walk<'_>, json: &JsonValue, path: &str) {
    let JsonKind::Object(members) = &json.kind else {
        return;
    };
    let is_definition =
        json.get("resourceType").and_then(JsonValue::as_str) == Some("StructureDefinition");
    let mut scan = Scan {
        sink: &mut *walk.sink,
        root: path,
        steps: Vec::new(),
    };
    let mut seen: Vec<&str> = Vec::new();
    for member in members.iter() {
        let key = &*member.key;
        if matches!(key, "resourceType" | "id" | "contained") {
            continue;
        }
        let name = key.strip_prefix('_').unwrap_or(key);
        if is_definition && name == "snapshot" {
            let mut own: Vec<&str> = Vec::new();
            scan.property(name, &member.value, &mut own);
        } else {
            scan.property(name, &member.value, &mut seen);
        }
    }
}

impl<'j> Scan<'j, '_> {
    fn property(&mut self, name: &'j str, value: &'j JsonValue, seen: &mut Vec<&'j str>) {
        self.steps.push(Step::Member(name));
        match &value.kind {
            JsonKind::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    self.steps.push(Step::Index(index));
                    self.element(item, seen);
                    self.steps.pop();
                }
            }
            _ => self.element(value, seen),
        }
        self.steps.pop();
    }

    fn element(&mut self, value: &'j JsonValue, seen: &mut Vec<&'j str>) {
        let JsonKind::Object(members) = &value.kind else {
            return;
        };
        if value.get("resourceType").is_some() {
            return; // a nested resource: its own scope
        }
        if let Some(id) = value.get("id").and_then(JsonValue::as_str) {
            if !id.is_empty() {
                if seen.contains(&id) {
                    let path = self.path();
                    self.sink.error(
                        IssueType::BusinessRule,
                        "element.duplicate_id",
                        &path,
                        value.pos,
                        format!("Duplicate id value '{id}': element ids must be unique within a resource"),
                    );
                } else {
                    seen.push(id);
                }
            }
        }
        for member in members.iter() {
            let key = &*member.key;
            if key == "id" {
                continue;
            }
            let name = key.strip_prefix('_').unwrap_or(key);
            self.property(name, &member.value, seen);
        }
    }

    fn path(&self) -> String {
        let mut path = self.root.to_string();
        for step in &self.steps {
            match step {
                Step::Member(name) => {
                    path.push('.');
                    path.push_str(name);
                }
                Step::Index(index) => {
                    path.push('[');
                    path.push_str(&index.to_string());
                    path.push(']');
                }
            }
        }
        path
    }
}
