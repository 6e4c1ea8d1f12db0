//! Lowering a stage in two parts on two threads, with the result of lowering it in one.
//!
//! Lowering decides names and type numbers in document order, so a later schema's names
//! depend on every earlier one's. The second part therefore starts from a fork of the state
//! both parts begin with and journals what it reads of that state: the references it looked
//! up and did not find, the references it scanned, the kinds of earlier types it read, the
//! names it claimed. Joining checks that the first part changed none of it; then the second
//! part lowered exactly what it would have lowered after the first, up to the numbers of its
//! new types, which joining shifts past the first part's. When the first part did change
//! something the second one read (two parts naming inline types alike, say), the second part
//! is thrown away and lowered again after the first, here.

use std::cell::RefCell;
use std::sync::{Arc, Mutex};

use foldhash::HashMap;

use super::Lowering;
use crate::model::{Operation, TypeDef, TypeId, TypeKind};

/// The types lowered so far, indexed by [`TypeId`]: those from before the current parts
/// began, shared by both parts, then this part's own.
#[derive(Default)]
pub(super) struct Types {
    shared: Arc<Vec<TypeDef>>,
    /// Definitions this part gave shared types (component schemas it lowered).
    redefined: HashMap<usize, TypeDef>,
    own: Vec<TypeDef>,
}

impl Types {
    pub(super) fn get(&self, id: TypeId) -> Option<&TypeDef> {
        match id.0.checked_sub(self.shared.len()) {
            Some(own) => self.own.get(own),
            None if self.redefined.is_empty() => self.shared.get(id.0),
            None => self.redefined.get(&id.0).or_else(|| self.shared.get(id.0)),
        }
    }

    pub(super) fn get_mut(&mut self, id: TypeId) -> Option<&mut TypeDef> {
        match id.0.checked_sub(self.shared.len()) {
            Some(own) => self.own.get_mut(own),
            None => {
                // Unshared, the vector is this part's to change in place.
                if self.redefined.is_empty() && Arc::strong_count(&self.shared) == 1 {
                    return Arc::get_mut(&mut self.shared)?.get_mut(id.0);
                }
                let def = self.shared.get(id.0)?;
                Some(self.redefined.entry(id.0).or_insert_with(|| def.clone()))
            }
        }
    }

    /// Adds a type and returns its id.
    pub(super) fn push(&mut self, def: TypeDef) -> TypeId {
        self.own.push(def);
        TypeId(self.shared.len() + self.own.len() - 1)
    }

    pub(super) fn len(&self) -> usize {
        self.shared.len() + self.own.len()
    }

    /// Every type in one vector, in id order.
    pub(super) fn into_vec(mut self) -> Vec<TypeDef> {
        self.settle();
        Arc::unwrap_or_clone(self.shared)
    }

    /// Moves this part's definitions and own types into the shared vector, which it owns
    /// again once no other part holds it.
    fn settle(&mut self) {
        if self.redefined.is_empty() && self.own.is_empty() {
            return;
        }
        let shared = Arc::make_mut(&mut self.shared);
        for (index, def) in self.redefined.drain() {
            if let Some(slot) = shared.get_mut(index) {
                *slot = def;
            }
        }
        shared.append(&mut self.own);
    }

    /// The types as they stand, to share with a part lowered beside this one.
    fn fork(&mut self) -> Self {
        self.settle();
        Self {
            shared: Arc::clone(&self.shared),
            ..Self::default()
        }
    }
}

/// The type each `$ref` target names, by reference string or pointer.
#[derive(Default, Clone)]
pub(super) struct References {
    map: HashMap<String, TypeId>,
    /// In a part lowered beside another, every key this part added.
    added: Option<Vec<String>>,
}

impl References {
    pub(super) fn insert(&mut self, key: String, id: TypeId) {
        if let Some(added) = &mut self.added {
            added.push(key.clone());
        }
        self.map.insert(key, id);
    }

    pub(super) fn get(&self, key: &str) -> Option<TypeId> {
        self.map.get(key).copied()
    }

    /// The smallest local reference that names `id`.
    pub(super) fn first_naming(&self, id: TypeId) -> Option<&str> {
        self.map
            .iter()
            .filter(|(reference, target)| **target == id && reference.starts_with('#'))
            .map(|(reference, _)| reference.as_str())
            .min()
    }

    /// Every reference with its type: break-cycle reports search them.
    pub(super) fn iter(&self) -> impl Iterator<Item = (&String, &TypeId)> {
        self.map.iter()
    }
}

/// What a part lowered beside another read of the state both began with.
#[derive(Default)]
pub(super) struct Journal {
    /// References it looked up and did not find.
    missed: Vec<String>,
    /// Types whose first naming reference it took, with what it found. Today that reference
    /// changes nothing generated (a discriminator's base names itself by it), but joining keeps
    /// to its rule: nothing read may have changed.
    scanned: Vec<(TypeId, Option<String>)>,
    /// Shared types whose kind it read without having defined them.
    kinds_read: Vec<TypeId>,
}

/// What a part's result holds of type numbers, which joining shifts.
pub(super) trait HoldsTypes {
    fn renumber(&mut self, renumber: &mut impl FnMut(&mut TypeId));
}

impl HoldsTypes for () {
    fn renumber(&mut self, _: &mut impl FnMut(&mut TypeId)) {}
}

impl HoldsTypes for Vec<Operation> {
    fn renumber(&mut self, renumber: &mut impl FnMut(&mut TypeId)) {
        for operation in self {
            operation.for_each_named_mut(renumber);
        }
    }
}

/// A stage splits in two only when it has at least twice this many items (component schemas,
/// or paths): below that, a second thread costs more than it saves.
pub(super) const LEAST_TO_SPLIT: usize = 64;

impl<'a> Lowering<'a> {
    /// The type `reference` names, as far as lowering knows it yet.
    pub(super) fn named(&self, reference: &str) -> Option<TypeId> {
        let found = self.by_reference.get(reference);
        if found.is_none()
            && let Some(journal) = &self.journal
        {
            journal.borrow_mut().missed.push(reference.to_owned());
        }
        found
    }

    /// The smallest local reference naming `id`: the one a report about it points at.
    pub(super) fn first_reference_to(&self, id: TypeId) -> Option<String> {
        let found = self.by_reference.first_naming(id).map(str::to_owned);
        if let Some(journal) = &self.journal {
            journal.borrow_mut().scanned.push((id, found.clone()));
        }
        found
    }

    /// The kind of a type, as far as lowering has defined it.
    pub(super) fn type_kind(&self, id: TypeId) -> Option<&TypeKind> {
        if let Some(journal) = &self.journal
            && id.0 < self.types.shared.len()
            && !self.types.redefined.contains_key(&id.0)
        {
            journal.borrow_mut().kinds_read.push(id);
        }
        self.types.get(id).map(|def| &def.kind)
    }

    /// Where a stage of items of these weights splits into two parts of about equal weight
    /// (each with at least one item), when it has at least twice `least_to_split` items.
    pub(super) fn split_point(
        &self,
        weights: impl ExactSizeIterator<Item = usize> + Clone,
    ) -> Option<usize> {
        let count = weights.len();
        if count < self.least_to_split.max(1).saturating_mul(2) {
            return None;
        }
        let half = weights.clone().sum::<usize>() / 2;
        let mut before = 0;
        let split = weights
            .take_while(|weight| {
                before += weight;
                before <= half
            })
            .count();
        // Each part keeps at least one item.
        Some(split.clamp(1, count - 1))
    }

    /// Runs `first` here and `second` beside it on a fork, and joins them; the result is
    /// what running `second` after `first` here gives, which it falls back to when joining
    /// finds that the parts did not stand apart.
    pub(super) fn in_two_parts<T: HoldsTypes + Send>(
        &mut self,
        first: impl FnOnce(&mut Self) -> T,
        second: impl Fn(&mut Self) -> T + Sync,
    ) -> (T, T) {
        let parked = Mutex::new(Some(self.fork()));
        let (first_output, beside) = crate::here_and_beside(
            || first(self),
            || {
                let mut part = parked.lock().ok()?.take()?;
                let output = second(&mut part);
                Some((part, output))
            },
        );
        if let Some((part, mut output)) = beside
            && self.join(part, &mut output)
        {
            self.parts_joined += 1;
            return (first_output, output);
        }
        self.parts_redone += 1;
        let output = second(self);
        (first_output, output)
    }

    /// A copy of the state for a part lowered beside this one, journaling what it reads.
    fn fork(&mut self) -> Self {
        let mut by_reference = self.by_reference.clone();
        by_reference.added = Some(Vec::new());
        Self {
            spec: self.spec,
            diagnostics: Vec::new(),
            types: self.types.fork(),
            type_names: self.type_names.fork(),
            by_reference,
            module_names: self.module_names.fork(),
            method_names: self.method_names.fork(),
            tagged_unions: Vec::new(),
            subtypes: self.subtypes.clone(),
            extends_base: self.extends_base.clone(),
            inline_depth: self.inline_depth,
            merging: self.merging.clone(),
            journal: Some(RefCell::new(Journal::default())),
            least_to_split: self.least_to_split,
            parts_joined: 0,
            parts_redone: 0,
        }
    }

    /// Takes in a part lowered beside this one, and its output, when nothing the part read
    /// of the state they shared changed here meanwhile. Otherwise changes nothing and says so.
    fn join(&mut self, part: Self, output: &mut impl HoldsTypes) -> bool {
        // Every field named, so that a new one cannot be left out of joining unnoticed.
        let Self {
            diagnostics,
            types,
            type_names,
            by_reference,
            module_names,
            method_names,
            tagged_unions,
            journal,
            // Read only in a part, back to where they began after each item it lowers, or (the
            // counts and the threshold) the business of the lowering that forked it.
            spec: _,
            subtypes: _,
            extends_base: _,
            inline_depth: _,
            merging: _,
            least_to_split: _,
            parts_joined: _,
            parts_redone: _,
        } = part;
        let journal = journal.map(RefCell::into_inner).unwrap_or_default();
        let added = by_reference.added.as_deref().unwrap_or_default();
        let first_naming_here_is_earlier = |(id, found): &(TypeId, Option<String>)| match (
            self.by_reference.first_naming(*id),
            found,
        ) {
            (Some(here), Some(found)) => here < found.as_str(),
            (Some(_), None) => true,
            (None, _) => false,
        };
        // While the part holds the shared types, this lowering cannot change them in place
        // (`Types::get_mut`), so every shared type it defined since the fork is in `redefined`.
        let defined_here = |index: usize| self.types.redefined.contains_key(&index);
        let stood_apart = !journal
            .missed
            .iter()
            .chain(added)
            .any(|key| self.by_reference.get(key).is_some())
            && !journal.scanned.iter().any(first_naming_here_is_earlier)
            && !journal.kinds_read.iter().any(|id| defined_here(id.0))
            && !types.redefined.keys().any(|&index| defined_here(index))
            && !self.type_names.shares_claims_with(&type_names)
            && !self.module_names.shares_claims_with(&module_names)
            && !self.method_names.shares_claims_with(&method_names);
        if !stood_apart {
            return false;
        }

        // The part's new types follow this part's.
        let shared = types.shared.len();
        let shift = self.types.own.len();
        let mut renumber = |id: &mut TypeId| {
            if id.0 >= shared {
                id.0 += shift;
            }
        };
        for mut def in types.own {
            def.kind.for_each_named_mut(&mut renumber);
            self.types.own.push(def);
        }
        for (index, mut def) in types.redefined {
            def.kind.for_each_named_mut(&mut renumber);
            self.types.redefined.insert(index, def);
        }
        for key in added {
            if let Some(mut id) = by_reference.get(key) {
                renumber(&mut id);
                self.by_reference.insert(key.clone(), id);
            }
        }
        for (mut id, pointer) in tagged_unions {
            renumber(&mut id);
            self.tagged_unions.push((id, pointer));
        }
        output.renumber(&mut renumber);
        self.type_names.absorb(type_names);
        self.module_names.absorb(module_names);
        self.method_names.absorb(method_names);
        self.diagnostics.extend(diagnostics);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lower::tests::with_schemas;
    use crate::model::{Docs, TypeRef};

    /// Forks a lowering of `spec` with its components registered, lets `here` and `beside`
    /// change the two parts, and joins them.
    fn joins(here: impl FnOnce(&mut Lowering), beside: impl FnOnce(&mut Lowering)) -> bool {
        let spec = with_schemas("    Pet: {type: object, properties: {name: {type: string}}}\n");
        let mut lowering = Lowering::new(&spec, 1);
        lowering.register_components();
        let mut part = lowering.fork();
        here(&mut lowering);
        beside(&mut part);
        lowering.join(part, &mut ())
    }

    const PET: &str = "#/components/schemas/Pet";
    const ELSEWHERE: &str = "#/components/responses/R/content/application~1json/schema";

    #[test]
    fn parts_that_touch_different_state_join() {
        assert!(joins(
            |here| {
                here.reserve_type("Here");
                here.module_names.claim("HereRequest".to_owned());
            },
            |beside| {
                beside.reserve_type("Beside");
                beside.named("#/components/schemas/Missing");
                beside.method_names.claim("beside".to_owned());
            },
        ));
    }

    #[test]
    fn a_type_name_claimed_in_both_parts_does_not_join() {
        assert!(!joins(
            |here| {
                here.reserve_type("Same");
            },
            |beside| {
                beside.reserve_type("Same");
            },
        ));
    }

    #[test]
    fn a_module_name_claimed_in_both_parts_does_not_join() {
        let claim = |lowering: &mut Lowering| drop(lowering.module_names.claim("A".to_owned()));
        assert!(!joins(claim, claim));
    }

    #[test]
    fn a_method_name_claimed_in_both_parts_does_not_join() {
        let claim = |lowering: &mut Lowering| drop(lowering.method_names.claim("a".to_owned()));
        assert!(!joins(claim, claim));
    }

    #[test]
    fn a_reference_missed_beside_and_named_here_does_not_join() {
        assert!(!joins(
            |here| {
                let id = here.reserve_type("Inner");
                here.by_reference.insert(ELSEWHERE.to_owned(), id);
            },
            |beside| assert_eq!(beside.named(ELSEWHERE), None),
        ));
    }

    #[test]
    fn a_first_reference_taken_beside_and_preceded_here_does_not_join() {
        let pet = |lowering: &Lowering| lowering.named(PET).expect("registered");
        assert!(!joins(
            // Sorts before `#/components/schemas/Pet`.
            |here| here.by_reference.insert(ELSEWHERE.to_owned(), pet(here)),
            |beside| assert_eq!(beside.first_reference_to(pet(beside)).as_deref(), Some(PET)),
        ));
    }

    #[test]
    fn a_kind_read_beside_and_defined_here_does_not_join() {
        let pet = |lowering: &Lowering| lowering.named(PET).expect("registered");
        assert!(!joins(
            |here| here.define_type(
                pet(here),
                Docs::default(),
                false,
                TypeKind::Alias(TypeRef::I64)
            ),
            |beside| assert_eq!(
                beside.type_kind(pet(beside)),
                Some(&TypeKind::Alias(TypeRef::Any))
            ),
        ));
    }

    #[test]
    fn a_type_defined_in_both_parts_does_not_join() {
        let define = |lowering: &mut Lowering| {
            let pet = lowering.named(PET).expect("registered");
            lowering.define_type(pet, Docs::default(), false, TypeKind::Alias(TypeRef::I64));
        };
        assert!(!joins(define, define));
    }
}
