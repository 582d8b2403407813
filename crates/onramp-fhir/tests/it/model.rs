//! Tests of the type model, built from the R4 core package in ../shared.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use onramp_fhir::model::{Model, ModelOrigin, TypeKey};

use crate::shared::shared_dir;

fn r4_core_tgz() -> Option<PathBuf> {
    Some(shared_dir()?.join("fhir/packages/hl7.fhir.r4.core-4.0.1.tgz"))
}

/// The R4 model, built once per test run (through the compact cache in the target folder).
fn r4() -> Option<Arc<Model>> {
    static MODEL: OnceLock<Arc<Model>> = OnceLock::new();
    let tgz = r4_core_tgz()?;
    let model = MODEL.get_or_init(|| {
        let cache_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("model-cache");
        let (model, _) = Model::from_package_path(&tgz, &cache_dir).unwrap();
        Arc::new(model)
    });
    Some(Arc::clone(model))
}

fn named(name: &str) -> TypeKey {
    TypeKey::named(name)
}

fn backbone(path: &str) -> TypeKey {
    TypeKey::Backbone(path.to_owned())
}

#[test]
fn the_r4_model_has_every_specialized_type_and_no_profiles_or_logical_models() {
    let Some(model) = r4() else { return };
    let names: Vec<&str> = model.type_names().collect();
    for expected in [
        "Patient",
        "Observation",
        "HumanName",
        "string",
        "Element",
        "Resource",
        "xhtml",
    ] {
        assert!(names.contains(&expected), "missing {expected}");
    }
    assert!(!model.has_type("MoneyQuantity"), "a profile is not a type");
    assert!(
        !model.has_type("Definition"),
        "a logical model is not a type"
    );
    assert!(!model.has_type("vitalsigns"));
    // R4 defines 20 primitive types, 39 + 2 complex specializations (incl. Element/BackboneElement) and 148 resources.
    let n_resources = names.iter().filter(|n| model.is_resource(n)).count();
    let n_primitives = names.iter().filter(|n| model.is_primitive(n)).count();
    assert_eq!(n_resources, 148);
    assert_eq!(n_primitives, 20);
}

#[test]
fn inheritance_follows_base_definitions() {
    let Some(model) = r4() else { return };
    assert_eq!(model.base_of("Patient"), Some("DomainResource"));
    assert_eq!(model.base_of("DomainResource"), Some("Resource"));
    assert_eq!(model.base_of("Resource"), None);
    assert_eq!(model.base_of("code"), Some("string"));
    assert_eq!(model.base_of("Quantity"), Some("Element"));
    assert_eq!(model.base_of("Duration"), Some("Quantity"));
    assert!(model.is_subtype("Patient", "Resource"));
    assert!(model.is_subtype("Patient", "Patient"));
    assert!(!model.is_subtype("Resource", "Patient"));
    assert!(model.is_subtype("positiveInt", "integer"));
    assert!(!model.is_subtype("NoSuchType", "Resource"));
    assert!(model.is_subtype_key(&backbone("Patient.contact"), "BackboneElement"));
    assert!(model.is_subtype_key(&backbone("Patient.contact"), "Element"));
    assert!(model.is_abstract("DomainResource"));
    assert!(!model.is_abstract("Patient"));
}

#[test]
fn elements_include_inherited_ones_with_cardinality_and_flags() {
    let Some(model) = r4() else { return };
    let patient = named("Patient");
    let names: Vec<&str> = model.children(&patient).map(|c| c.name).collect();
    for inherited in [
        "id",
        "meta",
        "implicitRules",
        "language",
        "text",
        "contained",
        "extension",
        "modifierExtension",
    ] {
        assert!(
            names.contains(&inherited),
            "Patient lacks inherited {inherited}"
        );
    }
    let active = model.child(&patient, "active").unwrap();
    assert_eq!(
        (
            active.min,
            active.max,
            active.is_modifier,
            active.is_summary
        ),
        (0, Some(1), true, true)
    );
    assert_eq!(active.types, [named("boolean")]);
    let name = model.child(&patient, "name").unwrap();
    assert_eq!((name.max, name.is_list()), (None, true));
    assert_eq!(name.types, [named("HumanName")]);
    assert_eq!(
        model.child(&patient, "id").unwrap().types,
        [named("string")]
    );
    let human_name: Vec<&str> = model
        .children(&named("HumanName"))
        .map(|c| c.name)
        .collect();
    assert_eq!(
        human_name,
        [
            "id",
            "extension",
            "use",
            "text",
            "family",
            "given",
            "prefix",
            "suffix",
            "period"
        ]
    );
    assert!(model.child(&patient, "nope").is_none());
}

#[test]
fn primitive_types_have_id_and_extension_but_not_value() {
    let Some(model) = r4() else { return };
    let children: Vec<&str> = model.children(&named("string")).map(|c| c.name).collect();
    assert_eq!(children, ["id", "extension"]);
    assert_eq!(model.system_type_of("string"), Some("String"));
    assert_eq!(model.system_type_of("dateTime"), Some("DateTime"));
    assert_eq!(model.system_type_of("positiveInt"), Some("Integer"));
    assert_eq!(model.system_type_of("Patient"), None);
}

#[test]
fn backbone_elements_are_keyed_by_path_and_have_their_own_children() {
    let Some(model) = r4() else { return };
    let contact = model.child(&named("Patient"), "contact").unwrap();
    assert_eq!(contact.types, [backbone("Patient.contact")]);
    let children: Vec<&str> = model
        .children(&backbone("Patient.contact"))
        .map(|c| c.name)
        .collect();
    assert_eq!(
        children,
        [
            "id",
            "extension",
            "modifierExtension",
            "relationship",
            "name",
            "telecom",
            "address",
            "gender",
            "organization",
            "period"
        ]
    );
    // An element of type Element with children (not BackboneElement) is a backbone too.
    let repeat = model.child(&named("Timing"), "repeat").unwrap();
    assert_eq!(repeat.types, [backbone("Timing.repeat")]);
    assert_eq!(
        model.base_of_key(&backbone("Timing.repeat")),
        Some("Element")
    );
    assert!(
        model
            .child(&backbone("Timing.repeat"), "bounds")
            .unwrap()
            .is_choice
    );
}

#[test]
fn content_references_resolve_to_the_referenced_backbone() {
    let Some(model) = r4() else { return };
    let nested = model
        .child(&backbone("Questionnaire.item"), "item")
        .unwrap();
    assert_eq!(nested.types, [backbone("Questionnaire.item")]);
    let link = model.child(&backbone("Bundle.entry"), "link").unwrap();
    assert_eq!(link.types, [backbone("Bundle.link")]);
    let parameter_part = model
        .child(&backbone("Parameters.parameter"), "part")
        .unwrap();
    assert_eq!(parameter_part.types, [backbone("Parameters.parameter")]);
}

#[test]
fn choice_elements_are_found_by_name_and_by_json_property() {
    let Some(model) = r4() else { return };
    let observation = named("Observation");
    let value = model.child(&observation, "value").unwrap();
    assert!(value.is_choice);
    assert_eq!(value.path, "Observation.value[x]");
    assert_eq!(value.types.len(), 11);
    assert!(model.child(&observation, "valueQuantity").is_none());
    let check = |json_name: &str, expected: Option<(&str, &str)>| {
        let found = model.resolve_json_property(&observation, json_name);
        let found = found
            .as_ref()
            .map(|(element, type_key)| (element.name, type_key.name()));
        assert_eq!(found, expected, "{json_name}");
    };
    check("valueQuantity", Some(("value", "Quantity")));
    check("valueString", Some(("value", "string")));
    check("valueDateTime", Some(("value", "dateTime")));
    check("effectivePeriod", Some(("effective", "Period")));
    check("status", Some(("status", "code")));
    check("component", Some(("component", "Observation.component")));
    check("valueUri", None);
    check("value", None);
    check("_status", None);
    check("valuequantity", None);
    assert_eq!(
        Model::choice_json_name("value", "dateTime"),
        "valueDateTime"
    );
}

#[test]
fn unknown_owners_have_no_children() {
    let Some(model) = r4() else { return };
    assert_eq!(model.children(&named("NoSuchType")).count(), 0);
    assert!(model.child(&backbone("Patient.nothing"), "id").is_none());
    assert!(model
        .resolve_json_property(&named("NoSuchType"), "id")
        .is_none());
}

#[test]
fn a_warm_load_from_the_compact_cache_gives_the_same_model() {
    let Some(tgz) = r4_core_tgz() else { return };
    let cache_dir = tempfile::tempdir().unwrap();
    let (built, origin) = Model::from_package_path(&tgz, cache_dir.path()).unwrap();
    assert_eq!(origin, ModelOrigin::Built);
    let (cached, origin) = Model::from_package_path(&tgz, cache_dir.path()).unwrap();
    assert_eq!(origin, ModelOrigin::Cache);
    assert_eq!(built.counts(), cached.counts());
    let patient = named("Patient");
    let built_children: Vec<_> = built.children(&patient).collect();
    let cached_children: Vec<_> = cached.children(&patient).collect();
    assert_eq!(built_children, cached_children);
}

#[test]
fn a_corrupt_cache_file_is_ignored_and_rebuilt() {
    let Some(tgz) = r4_core_tgz() else { return };
    let cache_dir = tempfile::tempdir().unwrap();
    Model::from_package_path(&tgz, cache_dir.path()).unwrap();
    for file in std::fs::read_dir(cache_dir.path()).unwrap() {
        let path = file.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    }
    let (model, origin) = Model::from_package_path(&tgz, cache_dir.path()).unwrap();
    assert_eq!(origin, ModelOrigin::Built);
    assert!(model.has_type("Patient"));
}

#[test]
fn a_model_built_from_a_cached_package_set_is_cached_beside_it() {
    let Some(cache) = crate::packages::fixture_cache() else {
        return;
    };
    let id = onramp_fhir::package::PackageId::parse("hl7.fhir.us.core#3.1.1").unwrap();
    let packages = onramp_fhir::package::PackageSet::load_with_dependencies(&cache, &id).unwrap();
    let model_dir = tempfile::tempdir().unwrap();
    let (built, origin) = Model::from_packages_cached(&packages, model_dir.path()).unwrap();
    assert_eq!(origin, ModelOrigin::Built);
    let (cached, origin) = Model::from_packages_cached(&packages, model_dir.path()).unwrap();
    assert_eq!(origin, ModelOrigin::Cache);
    // US Core adds profiles, not types: the model is R4's.
    assert_eq!(built.counts(), cached.counts());
    assert_eq!(built.counts(), r4().unwrap().counts());
    assert!(!built.has_type("us-core-patient"));
}

#[test]
fn a_package_without_types_cannot_make_a_model() {
    let Some(shared) = shared_dir() else { return };
    let us_core = onramp_fhir::package::Package::from_tgz(
        &shared.join("fhir/packages/hl7.fhir.us.core-3.1.1.tgz"),
    )
    .unwrap();
    let mut packages = onramp_fhir::package::PackageSet::new();
    packages.add(us_core);
    let error = Model::from_packages(&packages).unwrap_err();
    assert!(
        error.to_string().contains("define no FHIR types"),
        "{error}"
    );
}

#[test]
fn the_model_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Model>();
}
