//! Navigation steps of the evaluator: `name` on a collection (a type name at a path start), and
//! the children of a node, over the input's [`Document`](super::super::Document) when there is one.

use super::super::document_nav;
use super::super::error::{eval_error, EvalResult};
use super::super::node::{self, Strictness};
use super::super::types::TypeId;
use super::super::value::{Collection, Item, Node};
use super::{typing, Evaluator};

impl<'a> Evaluator<'a, '_> {
    /// `name` on every item; at the start of a path a type name selects items of that type.
    pub(super) fn member(
        &mut self,
        input: &[Item<'a>],
        name: &str,
        at_start: bool,
    ) -> EvalResult<Collection<'a>> {
        let types = self.types();
        let symbol = self.document.and_then(|document| document.symbol(name));
        // Items of one collection mostly share their type: resolve the element once per type.
        let mut element_of = (TypeId::UNKNOWN, None);
        let mut out = Vec::new();
        for item in input {
            match item {
                Item::Node(node) => {
                    if at_start && name.starts_with(|first: char| first.is_ascii_uppercase()) {
                        if typing::node_has_type_name(types, node, name) {
                            out.push(item.clone());
                            continue;
                        }
                        if types.named(name).is_some()
                            && types.element(node.type_id, name).is_none()
                        {
                            if self.strictness == Strictness::Strict {
                                return Err(eval_error!(
                                    "the expression is about {name}, but the input is a {}",
                                    node::node_type_name(types, node)
                                ));
                            }
                            continue;
                        }
                    }
                    match self.document {
                        Some(document) => {
                            if element_of.0 != node.type_id {
                                element_of = (node.type_id, types.element(node.type_id, name));
                            }
                            document_nav::navigate(
                                types,
                                document,
                                node,
                                name,
                                symbol,
                                element_of.1,
                                self.strictness,
                                &mut out,
                            )?;
                        }
                        None => node::navigate(types, node, name, self.strictness, &mut out)?,
                    }
                }
                Item::Type(type_name) => match name {
                    "name" => out.push(Item::string(type_name.name.clone())),
                    "namespace" => out.push(Item::string(type_name.namespace.clone())),
                    _ => {}
                },
                Item::Quantity(quantity) => match name {
                    "value" => out.push(Item::Decimal(quantity.value)),
                    "unit" | "code" => out.push(Item::string(quantity.unit.clone())),
                    _ => {}
                },
                _ => {}
            }
        }
        Ok(out)
    }

    /// `node.name`, over the document when the node comes from it; `symbol` is `name` in the
    /// document ([`Evaluator::symbol`]).
    pub fn navigate(
        &self,
        node: &Node<'a>,
        name: &str,
        symbol: Option<u32>,
        out: &mut Collection<'a>,
    ) -> EvalResult<()> {
        match self.document {
            Some(document) => document_nav::navigate(
                self.types(),
                document,
                node,
                name,
                symbol,
                self.types().element(node.type_id, name),
                self.strictness,
                out,
            ),
            None => node::navigate(self.types(), node, name, self.strictness, out),
        }
    }

    /// `name` interned in the document, if there is one and it has the name.
    pub fn symbol(&self, name: &str) -> Option<u32> {
        self.document.and_then(|document| document.symbol(name))
    }

    /// Every child of a node, over the document when the node comes from it.
    pub fn children(&mut self, node: &Node<'a>, out: &mut Collection<'a>) {
        let types = self.engine.types();
        match self.document {
            Some(document) => {
                document_nav::children(types, document, &mut self.json_types, node, out)
            }
            None => node::children(types, node, out),
        }
    }
}
