//! Small builders of syntax trees, for the items a large API has thousands of.
//!
//! Tokens written with `quote!` have to be parsed back into a tree for prettyplease, and
//! parsing cost more than all the rest of rendering. So the items each operation and type
//! repeats (structs, enums, their impls, the client's methods) are built as trees directly,
//! and only the rare or one-off ones are written as tokens (see `docs/benchmarks.md`). The
//! trees built here are the ones parsing the same tokens gives, so the formatted text is the
//! same.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use syn::parse::Parser;
use syn::punctuated::Punctuated;
use syn::token;
use syn::{
    AngleBracketedGenericArguments, Arm, AttrStyle, Attribute, Block, ClosureModifiers, Expr,
    ExprArray, ExprCall, ExprClosure, ExprField, ExprIf, ExprLet, ExprLit, ExprMatch,
    ExprMethodCall, ExprParen, ExprPath, ExprRange, ExprReference, ExprTry, Field, FieldModifiers,
    Fields, FieldsNamed, FieldsUnnamed, GenericArgument, Generics, Item, ItemEnum, ItemStruct, Lit,
    LitStr, Local, LocalInit, LocalModifiers, Member, Meta, MetaList, MetaNameValue, Pat, PatIdent,
    PatTuple, PatTupleStruct, PatWild, Path, PathArguments, PathSegment, RangeLimits, ReturnType,
    Stmt, Type, TypePath, TypeReference, TypeTuple, Variant, Visibility,
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
    // `Ident::new` checks its text character by character; the name every doc line repeats
    // is made once per thread.
    thread_local! {
        static DOC: Ident = plain_ident("doc");
    }
    outer_attr(Meta::NameValue(MetaNameValue {
        path: Path::from(DOC.with(Ident::clone)),
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

/// A path of plain identifiers, such as `crate::runtime::Call`.
pub fn path(segments: &[&str]) -> Path {
    idents_path(segments.iter().map(|segment| plain_ident(segment)))
}

/// An absolute path of plain identifiers, such as `::std::collections::BTreeMap`.
pub fn absolute_path(segments: &[&str]) -> Path {
    Path {
        leading_colon: Some(token::PathSep::default()),
        ..path(segments)
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

/// A type named by one identifier lowering decided.
pub fn named_type(name: Ident) -> Type {
    path_type(Path::from(name))
}

/// `path<arguments>`: the path's last segment takes the generic arguments.
pub fn with_arguments(
    mut path: Path,
    arguments: impl IntoIterator<Item = GenericArgument>,
) -> Path {
    if let Some(last) = path.segments.last_mut() {
        last.arguments = PathArguments::AngleBracketed(AngleBracketedGenericArguments {
            colon2_token: None,
            lt_token: token::Lt::default(),
            args: arguments.into_iter().collect(),
            gt_token: token::Gt::default(),
        });
    }
    path
}

/// `path<arguments>` as a type, the arguments all types.
pub fn generic_type(path: Path, arguments: impl IntoIterator<Item = Type>) -> Type {
    path_type(with_arguments(
        path,
        arguments.into_iter().map(GenericArgument::Type),
    ))
}

/// `()`.
pub fn unit_type() -> Type {
    Type::Tuple(TypeTuple {
        attrs: Vec::new(),
        paren_token: token::Paren::default(),
        elems: Punctuated::new(),
    })
}

/// `&ty`.
pub fn reference_type(ty: Type) -> Type {
    Type::Reference(TypeReference {
        attrs: Vec::new(),
        and_token: token::And::default(),
        lifetime: None,
        mutability: None,
        elem: Box::new(ty),
    })
}

/// `Box<ty>`, `Option<ty>` and the like: a prelude type around another.
pub fn wrapped_type(wrapper: &str, ty: Type) -> Type {
    generic_type(path(&[wrapper]), [ty])
}

/// `String`.
pub fn string_type() -> Type {
    path_type(path(&["String"]))
}

/// `::std::collections::BTreeMap<String, value>`.
pub fn string_map(value: Type) -> Type {
    generic_type(
        absolute_path(&["std", "collections", "BTreeMap"]),
        [string_type(), value],
    )
}

/// A path as an expression.
pub fn path_expr(path: Path) -> Expr {
    Expr::Path(ExprPath {
        attrs: Vec::new(),
        qself: None,
        path,
    })
}

/// A name as an expression: a local variable, `self`, `None`, `Ok`.
pub fn name_expr(name: &str) -> Expr {
    path_expr(Path::from(plain_ident(name)))
}

/// A path of identifiers lowering decided, such as `Enum::Variant`.
pub fn idents_path(segments: impl IntoIterator<Item = Ident>) -> Path {
    Path {
        leading_colon: None,
        segments: segments.into_iter().map(PathSegment::from).collect(),
    }
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

/// `base.member`.
pub fn field(base: Expr, member: Ident) -> Expr {
    Expr::Field(ExprField {
        attrs: Vec::new(),
        base: Box::new(base),
        dot_token: token::Dot::default(),
        member: Member::Named(member),
    })
}

/// `&expr`.
pub fn reference(expr: Expr) -> Expr {
    Expr::Reference(ExprReference {
        attrs: Vec::new(),
        and_token: token::And::default(),
        mutability: None,
        expr: Box::new(expr),
    })
}

/// `[elements]`.
pub fn array(elements: impl IntoIterator<Item = Expr>) -> Expr {
    Expr::Array(ExprArray {
        attrs: Vec::new(),
        bracket_token: token::Bracket::default(),
        elems: elements.into_iter().collect(),
    })
}

/// An unsuffixed unsigned integer literal, as an expression or a pattern.
pub fn unsigned_literal(value: u64) -> ExprLit {
    ExprLit {
        attrs: Vec::new(),
        lit: Lit::new(Literal::u64_unsuffixed(value)),
    }
}

/// `low..=high`, as an expression or a pattern.
pub fn closed_range(low: Expr, high: Expr) -> ExprRange {
    ExprRange {
        attrs: Vec::new(),
        start: Some(Box::new(low)),
        limits: RangeLimits::Closed(token::DotDotEq::default()),
        end: Some(Box::new(high)),
    }
}

/// `(expr)`.
pub fn parenthesized(expr: Expr) -> Expr {
    Expr::Paren(ExprParen {
        attrs: Vec::new(),
        paren_token: token::Paren::default(),
        expr: Box::new(expr),
    })
}

/// `|input| body`.
pub fn closure(input: Pat, body: Expr) -> Expr {
    Expr::Closure(ExprClosure {
        attrs: Vec::new(),
        lifetimes: None,
        modifiers: ClosureModifiers::default(),
        constness: None,
        asyncness: None,
        capture: None,
        inputs_begin: token::Or::default(),
        inputs: [input].into_iter().collect(),
        inputs_end: token::Or::default(),
        output: ReturnType::Default,
        body: Box::new(body),
    })
}

/// `match value { arms }`.
pub fn match_expr(value: Expr, arms: Vec<Arm>) -> Expr {
    Expr::Match(ExprMatch {
        attrs: Vec::new(),
        match_token: token::Match::default(),
        expr: Box::new(value),
        brace_token: token::Brace::default(),
        arms,
    })
}

/// `pattern => body,`.
pub fn arm(pattern: Pat, body: Expr) -> Arm {
    Arm {
        attrs: Vec::new(),
        pat: pattern,
        fat_arrow_token: token::FatArrow::default(),
        body: Box::new(body),
        comma: Some(token::Comma::default()),
    }
}

/// A binding pattern: `name`.
pub fn binding(name: &str) -> Pat {
    binding_of(name, None)
}

/// A mutable binding pattern: `mut name`.
pub fn mut_binding(name: &str) -> Pat {
    binding_of(name, Some(token::Mut::default()))
}

fn binding_of(name: &str, mutability: Option<token::Mut>) -> Pat {
    Pat::Ident(PatIdent {
        attrs: Vec::new(),
        by_ref: None,
        mutability,
        ident: plain_ident(name),
        subpat: None,
    })
}

/// `_`.
pub fn wild() -> Pat {
    Pat::Wild(PatWild {
        attrs: Vec::new(),
        underscore_token: token::Underscore::default(),
    })
}

/// `()` as a pattern.
pub fn unit_pat() -> Pat {
    Pat::Tuple(PatTuple {
        attrs: Vec::new(),
        paren_token: token::Paren::default(),
        elems: Punctuated::new(),
    })
}

/// `path(elements)` as a pattern, such as `Some(value)`.
pub fn tuple_struct_pat(path: Path, elements: impl IntoIterator<Item = Pat>) -> Pat {
    Pat::TupleStruct(PatTupleStruct {
        attrs: Vec::new(),
        qself: None,
        path,
        paren_token: token::Paren::default(),
        elems: elements.into_iter().collect(),
    })
}

/// `expr;`.
pub fn statement(expr: Expr) -> Stmt {
    Stmt::Expr(expr, Some(token::Semi::default()))
}

/// `let pattern = value;`.
pub fn let_statement(pattern: Pat, value: Expr) -> Stmt {
    Stmt::Local(Local {
        attrs: Vec::new(),
        let_token: token::Let::default(),
        modifiers: LocalModifiers::default(),
        pat: pattern,
        init: Some(LocalInit {
            eq_token: token::Eq::default(),
            expr: Box::new(value),
            diverge: None,
        }),
        semi_token: token::Semi::default(),
    })
}

/// `if let Some(binding) = value { body }`.
pub fn if_let_some(binding_name: &str, value: Expr, body: Vec<Stmt>) -> Stmt {
    let pattern = tuple_struct_pat(path(&["Some"]), [binding(binding_name)]);
    let condition = Expr::Let(ExprLet {
        attrs: Vec::new(),
        let_token: token::Let::default(),
        pat: Box::new(pattern),
        eq_token: token::Eq::default(),
        expr: Box::new(value),
    });
    Stmt::Expr(
        Expr::If(ExprIf {
            attrs: Vec::new(),
            if_token: token::If::default(),
            cond: Box::new(condition),
            then_branch: block(body),
            else_branch: None,
        }),
        None,
    )
}

/// `{ statements }`.
pub fn block(statements: Vec<Stmt>) -> Block {
    Block {
        brace_token: token::Brace::default(),
        stmts: statements,
    }
}

/// Statements written as tokens, for the rare ones not worth building by hand.
pub fn parse_statements(tokens: TokenStream) -> syn::Result<Vec<Stmt>> {
    Block::parse_within.parse2(tokens)
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

/// `pub struct name { fields }` with `attrs`.
pub fn public_struct(
    attrs: Vec<Attribute>,
    name: Ident,
    fields: impl IntoIterator<Item = Field>,
) -> Item {
    Item::Struct(ItemStruct {
        attrs,
        vis: public(),
        struct_token: token::Struct::default(),
        ident: name,
        generics: Generics::default(),
        fields: Fields::Named(FieldsNamed {
            brace_token: token::Brace::default(),
            named: fields.into_iter().collect(),
        }),
        semi_token: None,
    })
}

/// `pub enum name { variants }` with `attrs`.
pub fn public_enum(
    attrs: Vec<Attribute>,
    name: Ident,
    variants: impl IntoIterator<Item = Variant>,
) -> Item {
    Item::Enum(ItemEnum {
        attrs,
        vis: public(),
        enum_token: token::Enum::default(),
        ident: name,
        generics: Generics::default(),
        brace_token: token::Brace::default(),
        variants: variants.into_iter().collect(),
    })
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
