//! Lowering of form and multipart bodies: the fields of the body's struct and how each one
//! travels, by its type and by what the media type's `encoding` object says of it.
//!
//! What the `encoding` object can change, and what it cannot:
//! - In `multipart/form-data`, a property's `contentType` becomes its parts' `Content-Type`
//!   (the first of a comma-separated list); a JSON type makes a scalar or a list of scalars
//!   one JSON part. Part `headers` are schemas, not values, so they are not sent. `style`,
//!   `explode` and `allowReserved` apply to urlencoded bodies only, as OpenAPI says.
//! - In `application/x-www-form-urlencoded`, a property's `style` and `explode` choose how a
//!   list travels (the key repeated, or the items joined by commas, spaces or pipes) and
//!   `deepObject` sends an object as `name[key]=value`. A JSON `contentType` for an object
//!   property confirms the JSON text it is sent as. Part `headers` do not apply.
//!
//! Anything else is a warning, and the field travels as its type says.

use indexmap::IndexMap;
use openapiv3::{Encoding, QueryStyle, ReferenceOr, RequestBody};

use super::Lowering;
use super::operation::{essence, is_json};
use crate::diagnostics::pointer_child;
use crate::load::percent_decode;
use crate::model::{Field, FormField, FormFields, FormPart, ListStyle, TypeId, TypeKind, TypeRef};

/// The `encoding` object of a form or multipart body and where it is written.
pub(super) struct FormEncoding<'e> {
    /// The entries, by property name.
    pub entries: &'e IndexMap<String, Encoding>,
    /// The JSON pointer of the `encoding` object, in the request body's own definition.
    pub pointer: String,
}

/// How one field travels, once its `encoding` entry is read.
struct FieldTravel {
    part: FormPart,
    content_type: Option<String>,
    /// The entry declares a JSON content type, so sending the value as JSON text is what the
    /// spec asks for rather than a fallback.
    declared_json: bool,
}

impl FieldTravel {
    /// How a field travels when its `encoding` entry changes nothing.
    fn default_for(part: FormPart) -> Self {
        Self {
            part,
            content_type: None,
            declared_json: false,
        }
    }
}

impl<'a> Lowering<'a> {
    /// The pointer of the `encoding` object of `media_type` where the request body is
    /// defined: the operation's own, or the component a reference names.
    pub(super) fn encoding_pointer(
        &mut self,
        body: &'a ReferenceOr<RequestBody>,
        pointer: &str,
        media_type: &str,
    ) -> String {
        let definition = match body {
            ReferenceOr::Item(_) => pointer.to_owned(),
            // The reference resolved already (the body is lowered from it), so this reports
            // nothing new.
            ReferenceOr::Reference { reference } => self
                .follow_reference(reference, pointer)
                .map_or_else(|| pointer.to_owned(), |(_, target)| percent_decode(&target)),
        };
        pointer_child(
            &pointer_child(&pointer_child(&definition, "content"), media_type),
            "encoding",
        )
    }

    /// The fields of a form body and how each travels, when the body is a struct.
    pub(super) fn form_fields(
        &mut self,
        ty: &TypeRef,
        multipart: bool,
        encoding: &FormEncoding<'_>,
        pointer: &str,
    ) -> Option<FormFields> {
        let object = match self.type_kind(self.unaliased(ty)?)? {
            TypeKind::Struct(object) => object.clone(),
            _ => return None,
        };
        for name in encoding.entries.keys() {
            if !object.fields.iter().any(|field| &field.wire_name == name) {
                self.warn(
                    &pointer_child(&encoding.pointer, name),
                    format!(
                        "the `encoding` names `{name}`, which is not a property of the body; \
                         the entry is ignored"
                    ),
                    "name a property of the body's schema",
                );
            }
        }
        let mut fields = Vec::new();
        for field in &object.fields {
            let entry = encoding.entries.get(&field.wire_name);
            let entry_pointer = pointer_child(&encoding.pointer, &field.wire_name);
            let default = self.form_part(&field.ty);
            let travel = match entry {
                None => FieldTravel {
                    part: default,
                    content_type: None,
                    declared_json: false,
                },
                Some(entry) if multipart => {
                    self.multipart_travel(field, default, entry, &entry_pointer)
                }
                Some(entry) => self.urlencoded_travel(field, default, entry, &entry_pointer),
            };
            if travel.part == FormPart::Json && !multipart && !travel.declared_json {
                self.warn(
                    &pointer_child(&pointer_child(pointer, "properties"), &field.wire_name),
                    format!("form field `{}` is not a scalar or a list of scalars, which a form cannot express; it is sent as its JSON text", field.wire_name),
                    "flatten the field into scalar properties, or send the body as JSON or `multipart/form-data`",
                );
            }
            fields.push(FormField {
                wire_name: field.wire_name.clone(),
                rust_name: field.rust_name.clone(),
                presence: field.presence,
                part: travel.part,
                content_type: travel.content_type,
            });
        }
        let additional = object.additional.map(|additional| {
            let part = match self.form_part(&additional.value) {
                FormPart::Text => FormPart::Text,
                _ => FormPart::Json,
            };
            if part == FormPart::Json && !multipart {
                self.warn(
                    &pointer_child(pointer, "additionalProperties"),
                    "the form's extra properties are not scalars, which a form cannot express; each is sent as its JSON text",
                    "give `additionalProperties` a scalar schema",
                );
            }
            (additional.rust_name, part)
        });
        Some(FormFields { fields, additional })
    }

    /// A multipart field's parts under its `encoding` entry: the declared `contentType`.
    fn multipart_travel(
        &mut self,
        field: &Field,
        default: FormPart,
        entry: &Encoding,
        pointer: &str,
    ) -> FieldTravel {
        let name = &field.wire_name;
        let mut travel = FieldTravel::default_for(default);
        let headers: Vec<String> = entry
            .headers
            .keys()
            // OpenAPI says `Content-Type` is described by `contentType` and ignored here.
            .filter(|header| !header.eq_ignore_ascii_case("content-type"))
            .map(|header| format!("`{header}`"))
            .collect();
        if !headers.is_empty() {
            self.warn(
                &pointer_child(pointer, "headers"),
                format!(
                    "the headers {} of part `{name}` describe values the client does not know; \
                     they are not sent",
                    headers.join(", ")
                ),
                "carry such information in a property of the body instead",
            );
        }
        let Some(declared) = &entry.content_type else {
            return travel;
        };
        let content_type_pointer = pointer_child(pointer, "contentType");
        let content_type = match declared_content_type(declared) {
            Ok(content_type) => content_type,
            Err(reason) => {
                self.warn(
                    &content_type_pointer,
                    format!(
                        "part `{name}` declares the content type `{declared}`, {reason}; its \
                         parts are sent with the default type of their kind"
                    ),
                    "name one media type, such as `image/png`, first in the list",
                );
                return travel;
            }
        };
        let json = is_json(&content_type);
        match default {
            // A scalar, or a list of them, declared as JSON: one part of the value's JSON text.
            FormPart::Text | FormPart::TextList(_) if json => travel.part = FormPart::Json,
            FormPart::Json if !json => {
                self.warn(
                    &content_type_pointer,
                    format!(
                        "part `{name}` is a structured value declared as `{content_type}`, \
                         which the client cannot encode; it is sent as `application/json`"
                    ),
                    "declare a JSON media type for structured parts, or make the property a \
                     `format: binary` string and encode it yourself",
                );
                return travel;
            }
            _ => {}
        }
        let default_type = match travel.part {
            FormPart::File | FormPart::FileList => Some("application/octet-stream"),
            FormPart::Json => Some("application/json"),
            _ => None,
        };
        // The declared type when it says something the default does not.
        if default_type.is_none_or(|default| !default.eq_ignore_ascii_case(&content_type)) {
            travel.content_type = Some(content_type);
        }
        travel
    }

    /// A urlencoded field under its `encoding` entry: `style` and `explode` for lists and
    /// `deepObject` for objects.
    fn urlencoded_travel(
        &mut self,
        field: &Field,
        default: FormPart,
        entry: &Encoding,
        pointer: &str,
    ) -> FieldTravel {
        let name = &field.wire_name;
        let mut travel = FieldTravel::default_for(default);
        if let Some(declared) = &entry.content_type {
            let declared_type = declared_content_type(declared);
            let json = declared_type.as_deref().is_ok_and(is_json);
            let plain_text = declared_type
                .as_deref()
                .is_ok_and(|content_type| essence(content_type) == "text/plain");
            match default {
                FormPart::Json if json => travel.declared_json = true,
                FormPart::Text | FormPart::TextList(_) if plain_text => {}
                _ => self.warn(
                    &pointer_child(pointer, "contentType"),
                    format!(
                        "form field `{name}` declares the content type `{declared}`, which a \
                         urlencoded body has no place for; the field travels as its type says"
                    ),
                    "remove `contentType`, or send the body as `multipart/form-data`",
                ),
            }
        }
        if entry.allow_reserved {
            self.warn(
                &pointer_child(pointer, "allowReserved"),
                format!(
                    "`allowReserved` of form field `{name}` is not supported; reserved \
                     characters are percent-encoded, which servers decode to the same value"
                ),
                "remove `allowReserved`",
            );
        }
        // openapiv3 reads an absent `explode` as false, whereas OpenAPI's default is true for
        // `style: form`, so whether it is written at all comes from the document itself.
        let explode = self.written_bool(&pointer_child(pointer, "explode"));
        if entry.style.is_none() && explode.is_none() {
            return travel;
        }
        let style = entry.style.clone().unwrap_or(QueryStyle::Form);
        match (style, default) {
            (QueryStyle::DeepObject, _) if self.is_object(&field.ty, 0) => {
                travel.part = FormPart::DeepObject;
            }
            (QueryStyle::DeepObject, _) => self.warn(
                &pointer_child(pointer, "style"),
                format!(
                    "form field `{name}` uses `deepObject` but is not an object; it travels as \
                     its type says"
                ),
                "give the property an object schema, or use `style: form`",
            ),
            (style, FormPart::TextList(_)) => {
                travel.part = FormPart::TextList(match style {
                    QueryStyle::Form if explode.unwrap_or(true) => ListStyle::FormExploded,
                    QueryStyle::Form => ListStyle::Form,
                    QueryStyle::SpaceDelimited => ListStyle::SpaceDelimited,
                    // `DeepObject` is handled above.
                    QueryStyle::PipeDelimited | QueryStyle::DeepObject => ListStyle::PipeDelimited,
                });
            }
            // Scalars look the same in every style; objects keep the JSON text fallback,
            // whose warning `form_fields` gives.
            _ => {}
        }
        travel
    }

    /// A boolean as the document writes it at `pointer`, `None` when it is absent.
    fn written_bool(&self, pointer: &str) -> Option<bool> {
        self.spec
            .tree
            .pointer(pointer.strip_prefix('#').unwrap_or(pointer))
            .and_then(serde_json::Value::as_bool)
    }

    /// How a value of a form field travels by its type alone.
    fn form_part(&self, ty: &TypeRef) -> FormPart {
        if self.is_scalar(ty, 0) {
            return FormPart::Text;
        }
        let resolved = self
            .unaliased(ty)
            .and_then(|id| match self.type_kind(id)? {
                TypeKind::Alias(aliased) => Some(aliased.clone()),
                _ => None,
            })
            .unwrap_or_else(|| ty.clone());
        match resolved {
            TypeRef::Bytes => FormPart::File,
            TypeRef::Array(items) if self.is_scalar(&items, 0) => {
                FormPart::TextList(ListStyle::FormExploded)
            }
            TypeRef::Array(items) if *items == TypeRef::Bytes => FormPart::FileList,
            _ => FormPart::Json,
        }
    }

    /// The named type a type stands for, following aliases of named types: `None` when it
    /// is not named.
    fn unaliased(&self, ty: &TypeRef) -> Option<TypeId> {
        let mut ty = ty;
        for _ in 0..32 {
            let TypeRef::Named(id) = ty else {
                return None;
            };
            match self.type_kind(*id)? {
                TypeKind::Alias(aliased @ TypeRef::Named(_)) => ty = aliased,
                _ => return Some(*id),
            }
        }
        None
    }
}

/// The media type a part is sent as, from an Encoding Object's `contentType`: the first of
/// a comma-separated list. Refused, with the reason, when it is a wildcard such as `image/*`
/// or could not stand in a header.
fn declared_content_type(declared: &str) -> Result<String, &'static str> {
    let first = declared.split(',').next().unwrap_or("").trim();
    if first.is_empty() {
        return Err("which is empty");
    }
    if first.contains('*') {
        return Err("a wildcard, which names no type to send");
    }
    if !first.contains('/') {
        return Err("which is not a media type");
    }
    if !first
        .bytes()
        .all(|byte| byte == b' ' || byte.is_ascii_graphic())
    {
        return Err("which cannot stand in a header");
    }
    Ok(first.to_owned())
}

#[cfg(test)]
mod tests {
    use super::declared_content_type;

    #[test]
    fn the_first_of_a_list_of_content_types_is_sent() {
        assert_eq!(
            declared_content_type("image/png, image/jpeg").as_deref(),
            Ok("image/png")
        );
        assert_eq!(
            declared_content_type(" text/plain; charset=utf-8 ").as_deref(),
            Ok("text/plain; charset=utf-8")
        );
    }

    #[test]
    fn wildcards_and_what_cannot_be_a_header_are_refused() {
        assert!(declared_content_type("image/*").is_err());
        assert!(declared_content_type("*/*, image/png").is_err());
        assert!(declared_content_type("").is_err());
        assert!(declared_content_type("png").is_err());
        assert!(declared_content_type("image/png\r\nX-Evil: 1").is_err());
        assert!(declared_content_type("bild/präsentation").is_err());
    }
}
