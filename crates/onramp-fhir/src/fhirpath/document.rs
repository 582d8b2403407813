//! A compact index of one JSON input for fast evaluation: every FHIR element gets a slot in one
//! arena, an object's properties are a contiguous run of interned names (`u32` symbols), each
//! primitive is paired with its `_name` companion, each resource carries its resolved type, and
//! the strings are copied side by side into one text buffer.
//!
//! Navigating a [`serde_json::JsonValue`] hashes every property name and follows cold pointers; over
//! a [`Document`] a member read is a short scan of integers over memory laid out level by level
//! (the `entry` items of a Bundle, then their properties, then the resources, …), and comparing
//! `code.coding.system` reads the document's text, not the JSON's scattered heap. A document is
//! built once per input, like parsing, and then evaluated with any number of expressions
//! ([`super::Engine::evaluate_document`]); building costs about as much as one `descendants()`.

use rustc_hash::FxHashMap;

use super::types::{TypeId, TypeTable};
use super::value::{Item, Node, NULL};
use crate::json::{JsonKind, JsonObject, JsonValue};

/// No slot: a node that does not come from a document.
pub(crate) const NO_SLOT: u32 = u32::MAX;

/// One FHIR element of the input: its JSON value, its `_name` companion, its properties (those of
/// the value for an object, those of the companion for a primitive) and, for a resource, its type.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Slot<'v> {
    pub value: &'v JsonValue,
    pub holder: Option<&'v JsonValue>,
    pub props_start: u32,
    pub props_len: u32,
    /// The type named by `resourceType` ([`TypeId::UNKNOWN`] without one).
    pub resource_type: TypeId,
    /// The value is a JSON object (read here, not from the cold JSON).
    pub is_object: bool,
    /// The value is a JSON string, copied into the document's text.
    pub is_string: bool,
}

/// One JSON property of an object: `name` and its `_name` companion together, or `_name` alone.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Prop {
    pub key: u32,
    pub items_start: u32,
    pub items_len: u32,
    /// There is a `_name` companion.
    pub has_holder: bool,
    /// Only `_name` is there.
    pub holder_only: bool,
    /// The value is an object, or an array with an object in it.
    pub has_object: bool,
}

/// An input indexed for evaluation; build it with [`super::Engine::document`].
#[derive(Debug)]
pub struct Document<'v> {
    pub(crate) engine_id: u64,
    slots: Vec<Slot<'v>>,
    props: Vec<Prop>,
    /// The strings of the input, copied side by side in slot order (reading them does not
    /// touch the JSON), and each slot's range in it.
    text: String,
    spans: Vec<(u32, u32)>,
    names: Vec<&'v str>,
    symbols: FxHashMap<&'v str, u32>,
    pub(crate) resource_type_symbol: u32,
    pub(crate) fhir_comments_symbol: u32,
}

impl<'v> Document<'v> {
    pub(crate) fn build(engine_id: u64, types: &TypeTable, root: &'v JsonValue) -> Document<'v> {
        let mut document = Document {
            engine_id,
            slots: Vec::new(),
            props: Vec::new(),
            text: String::new(),
            spans: Vec::new(),
            names: Vec::new(),
            symbols: FxHashMap::default(),
            resource_type_symbol: 0,
            fhir_comments_symbol: 0,
        };
        document.resource_type_symbol = document.intern("resourceType");
        document.fhir_comments_symbol = document.intern("fhir_comments");
        document.push_slot(types, root, None);
        // Level by level: the arena is its own work queue, so a Bundle's entries lie side by
        // side, then their properties, then the resources, and a path across many entries
        // reads memory in order. (Depth first inside each resource measured no better.)
        let mut index = 0;
        while index < document.slots.len() {
            document.expand(types, to_u32(index));
            index += 1;
        }
        document
    }

    /// Appends the properties of a slot and their items.
    fn expand(&mut self, types: &TypeTable, index: u32) {
        let Some(slot) = self.slots.get(index as usize).copied() else {
            return;
        };
        let object = slot
            .value
            .as_object()
            .or_else(|| slot.holder.and_then(JsonValue::as_object));
        if let Some(object) = object {
            let props_start = self.props.len();
            self.add_props(types, object);
            let props_len = self.props.len() - props_start;
            if let Some(slot) = self.slots.get_mut(index as usize) {
                slot.props_start = to_u32(props_start);
                slot.props_len = to_u32(props_len);
            }
        }
    }

    fn intern(&mut self, name: &'v str) -> u32 {
        if let Some(symbol) = self.symbols.get(name) {
            return *symbol;
        }
        let symbol = to_u32(self.names.len());
        self.names.push(name);
        self.symbols.insert(name, symbol);
        symbol
    }

    fn push_slot(
        &mut self,
        types: &TypeTable,
        value: &'v JsonValue,
        holder: Option<&'v JsonValue>,
    ) {
        let resource_type = match value.as_object() {
            Some(object) => object
                .get("resourceType")
                .and_then(JsonValue::as_str)
                .and_then(|name| types.named(name))
                .unwrap_or(TypeId::UNKNOWN),
            _ => TypeId::UNKNOWN,
        };
        let span = match &value.kind {
            JsonKind::String(text) => {
                let start = to_u32(self.text.len());
                self.text.push_str(text);
                (start, to_u32(self.text.len()))
            }
            _ => (0, 0),
        };
        self.spans.push(span);
        self.slots.push(Slot {
            value,
            holder,
            props_start: 0,
            props_len: 0,
            resource_type,
            is_object: value.is_object(),
            is_string: value.is_string(),
        });
    }

    /// The properties of an object in order, `name` and `_name` paired; the items are the nodes
    /// navigation yields (nulls without a companion left out).
    fn add_props(&mut self, types: &TypeTable, object: JsonObject<'v>) {
        let has_holders = object.keys().any(|key| key.starts_with('_'));
        for (key, value) in object.iter() {
            let (name, value, holder, holder_only) = match key.strip_prefix('_') {
                Some(base) if object.contains_key(base) => continue,
                Some(base) => (base, None, Some(value), true),
                None => {
                    let holder = if has_holders {
                        holder_of(object, key)
                    } else {
                        None
                    };
                    (key, Some(value), holder, false)
                }
            };
            let has_object = value.is_some_and(|value| {
                value.is_object()
                    || value
                        .as_array()
                        .is_some_and(|items| items.iter().any(JsonValue::is_object))
            });
            let key = self.intern(name);
            let items_start = self.slots.len();
            self.add_items(types, value, holder);
            self.props.push(Prop {
                key,
                items_start: to_u32(items_start),
                items_len: to_u32(self.slots.len() - items_start),
                has_holder: holder.is_some(),
                holder_only,
                has_object,
            });
        }
    }

    /// The nodes of one property, as `node::push_value` yields them.
    fn add_items(
        &mut self,
        types: &TypeTable,
        value: Option<&'v JsonValue>,
        holder: Option<&'v JsonValue>,
    ) {
        super::node::for_each_item(value, holder, |value, holder| {
            self.push_slot(types, value, holder)
        });
    }

    /// The typed root node (its type from `resourceType`, or `type_name`), for
    /// [`super::Engine::evaluate_with`] with [`super::Environment::set_document`].
    pub fn root(&self, types: &TypeTable, type_name: Option<&str>) -> Item<'v> {
        let Some(slot) = self.slots.first() else {
            return Item::Node(Node::new(&NULL, TypeId::UNKNOWN));
        };
        let declared = type_name.and_then(|name| types.named(name));
        let mut node = Node::new(slot.value, declared.unwrap_or(slot.resource_type));
        node.slot = 0;
        Item::Node(node)
    }

    /// The item itself, as a node of this document when it is the document's root JSON value.
    pub(crate) fn adopt<'i>(&self, item: Item<'i>) -> Item<'i> {
        match item {
            Item::Node(mut node)
                if node.slot == NO_SLOT
                    && node.extension_holder.is_none()
                    && self
                        .slots
                        .first()
                        .is_some_and(|slot| std::ptr::eq(slot.value, node.value)) =>
            {
                node.slot = 0;
                Item::Node(node)
            }
            other => other,
        }
    }

    /// The root JSON value.
    pub fn value(&self) -> &'v JsonValue {
        self.slots.first().map_or(&NULL, |slot| slot.value)
    }

    /// The number of elements indexed.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// The slot of a node, when the node comes from this document.
    pub(crate) fn slot_of(&self, node: &Node<'_>) -> Option<&Slot<'v>> {
        if node.slot == NO_SLOT {
            return None;
        }
        let slot = self.slots.get(node.slot as usize)?;
        let same_holder = match (slot.holder, node.extension_holder) {
            (Some(left), Some(right)) => std::ptr::eq(left, right),
            (None, None) => true,
            _ => false,
        };
        (std::ptr::eq(slot.value, node.value) && same_holder).then_some(slot)
    }

    /// A string node's text, read from the document.
    pub(crate) fn text_of(&self, node: &Node<'_>) -> Option<&str> {
        if !self.slot_of(node)?.is_string {
            return None;
        }
        let (start, end) = *self.spans.get(node.slot as usize)?;
        self.text.get(start as usize..end as usize)
    }

    pub(crate) fn props(&self, slot: &Slot<'_>) -> &[Prop] {
        let start = slot.props_start as usize;
        self.props
            .get(start..start + slot.props_len as usize)
            .unwrap_or_default()
    }

    pub(crate) fn symbol(&self, name: &str) -> Option<u32> {
        self.symbols.get(name).copied()
    }

    pub(crate) fn name(&self, symbol: u32) -> &'v str {
        self.names.get(symbol as usize).copied().unwrap_or("")
    }

    /// The item slots of a property, with their indexes.
    pub(crate) fn items(&self, prop: &Prop) -> impl Iterator<Item = (u32, &Slot<'v>)> + '_ {
        let start = prop.items_start as usize;
        self.slots
            .get(start..start + prop.items_len as usize)
            .unwrap_or_default()
            .iter()
            .zip(prop.items_start..)
            .map(|(slot, index)| (index, slot))
    }
}

fn holder_of<'v>(object: JsonObject<'v>, name: &str) -> Option<&'v JsonValue> {
    let mut key = String::with_capacity(name.len() + 1);
    key.push('_');
    key.push_str(name);
    object.get(&key)
}

fn to_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests;
