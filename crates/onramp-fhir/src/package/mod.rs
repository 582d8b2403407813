//! FHIR NPM packages: archives and folders, `.index.json`, dependencies, the package cache, canonical resolution.
