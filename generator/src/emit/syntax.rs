//! Small builders of syntax trees, for the items a large API has thousands of.
//!
//! Most of emitting writes tokens with `quote!`, which then have to be parsed back into a tree
//! for prettyplease; for the `types` module's structs and their `Deserialize` impls, building
//! the tree directly is cheaper than parsing it (see `docs/benchmarks.md`). The trees built
//! here are the ones parsing the same tokens gives, so the formatted text is the same.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use syn::token;
use syn::{
    AngleBracketedGenericArguments, AttrStyle, Attribute, Expr, ExprCall, ExprLit, ExprMethodCall,
    ExprPath, ExprTry, Field, FieldModifiers, Fields, FieldsUnnamed, GenericArgument, Lit, LitStr,
    Meta, MetaList, MetaNameValue, Pat, Path, PathArguments, PathSegment, Type, TypePath,
    Visibility,
};

/// An identifier that is not raw.
pub fn plain_ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// `#[name(tokens)]`. The tokens stay unparsed, as they do in an attribute syn parses.
pub fn list_attr(name: &str, tokens: TokenStream) -> Attribute {
    outer_attr(Meta::List(MetaList {
        path: Path::from(plain_ident(name)),
        delimiter: syn::MacroDelimiter::Paren(token::Paren::default()),
        tokens,
    }))
}

/// `#[name]`.
pub fn word_attr(name: &str) -> Attribute {
    outer_attr(Meta::Path(Path::from(plain_ident(name))))
}

/// `#[doc = literal]`.
pub fn doc_attr(literal: Literal) -> Attribute {
    outer_attr(Meta::NameValue(MetaNameValue {
        path: Path::from(plain_ident("doc")),
        eq_token: token::Eq::default(),
        value: Expr::Lit(ExprLit {
            attrs: Vec::new(),
            lit: Lit::new(literal),
        }),
    }))
}

fn outer_attr(meta: Meta) -> Attribute {
    Attribute {
        pound_token: token::Pound::default(),
        style: AttrStyle::Outer,
        bracket_token: token::Bracket::default(),
        meta,
    }
}

/// A path of plain identifiers, absolute (`::std::..`) when `absolute`.
pub fn path(absolute: bool, segments: &[&str]) -> Path {
    Path {
        leading_colon: absolute.then(token::PathSep::default),
        segments: segments
            .iter()
            .map(|segment| PathSegment::from(plain_ident(segment)))
            .collect(),
    }
}

/// A type named by a path.
pub fn path_type(path: Path) -> Type {
    Type::Path(TypePath {
        attrs: Vec::new(),
        qself: None,
        path,
    })
}

/// `path<arguments>`: the path's last segment takes the type arguments.
pub fn generic_type(mut path: Path, arguments: impl IntoIterator<Item = Type>) -> Type {
    if let Some(last) = path.segments.last_mut() {
        last.arguments = PathArguments::AngleBracketed(AngleBracketedGenericArguments {
            colon2_token: None,
            lt_token: token::Lt::default(),
            args: arguments.into_iter().map(GenericArgument::Type).collect(),
            gt_token: token::Gt::default(),
        });
    }
    path_type(path)
}

/// `Box<ty>`, `Option<ty>` and the like: a prelude type around another.
pub fn wrapped_type(wrapper: &str, ty: Type) -> Type {
    generic_type(path(false, &[wrapper]), [ty])
}

/// A path as an expression.
pub fn path_expr(path: Path) -> Expr {
    Expr::Path(ExprPath {
        attrs: Vec::new(),
        qself: None,
        path,
    })
}

/// A path as a pattern.
pub fn path_pat(path: Path) -> Pat {
    Pat::Path(ExprPath {
        attrs: Vec::new(),
        qself: None,
        path,
    })
}

/// A string literal, escaped as `quote!` escapes a `&str`.
pub fn str_literal(value: &str) -> ExprLit {
    ExprLit {
        attrs: Vec::new(),
        lit: Lit::Str(LitStr::new(value, Span::call_site())),
    }
}

/// A string literal as an expression.
pub fn str_expr(value: &str) -> Expr {
    Expr::Lit(str_literal(value))
}

/// `function(arguments)`.
pub fn call(function: Expr, arguments: impl IntoIterator<Item = Expr>) -> Expr {
    Expr::Call(ExprCall {
        attrs: Vec::new(),
        func: Box::new(function),
        paren_token: token::Paren::default(),
        args: arguments.into_iter().collect(),
    })
}

/// `receiver.method(arguments)`.
pub fn method_call(
    receiver: Expr,
    method: Ident,
    arguments: impl IntoIterator<Item = Expr>,
) -> Expr {
    Expr::MethodCall(ExprMethodCall {
        attrs: Vec::new(),
        receiver: Box::new(receiver),
        dot_token: token::Dot::default(),
        method,
        turbofish: None,
        paren_token: token::Paren::default(),
        args: arguments.into_iter().collect(),
    })
}

/// `expr?`.
pub fn try_expr(expr: Expr) -> Expr {
    Expr::Try(ExprTry {
        attrs: Vec::new(),
        expr: Box::new(expr),
        question_token: token::Question::default(),
    })
}

/// `pub`.
pub fn public() -> Visibility {
    Visibility::Public(token::Pub::default())
}

/// `pub name: ty` with `attrs`.
pub fn public_field(attrs: Vec<Attribute>, name: Ident, ty: Type) -> Field {
    Field {
        attrs,
        vis: public(),
        modifiers: FieldModifiers::default(),
        ident: Some(name),
        colon_token: Some(token::Colon::default()),
        ty,
        default: None,
    }
}

/// The one field of a tuple variant: `(ty)`.
pub fn tuple_fields(ty: Type) -> Fields {
    let field = Field {
        attrs: Vec::new(),
        vis: Visibility::Inherited,
        modifiers: FieldModifiers::default(),
        ident: None,
        colon_token: None,
        ty,
        default: None,
    };
    Fields::Unnamed(FieldsUnnamed {
        paren_token: token::Paren::default(),
        unnamed: [field].into_iter().collect(),
    })
}
