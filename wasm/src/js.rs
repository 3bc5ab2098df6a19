//! Reading JavaScript arguments and building JavaScript results with nothing but `wasm-bindgen`
//! (no `js-sys`, to keep the `.wasm` and the dependency tree small).
//!
//! Every import that touches a caller's value (`Reflect.get`, `Object.keys`) is declared with
//! `catch`: a throwing getter or a hostile `Proxy` becomes an ordinary error instead of unwinding
//! through Rust frames, which could leave a class instance marked as borrowed.

#[allow(unused_imports)]
use crate::prelude::*;

use doorcode::daily::{DailyPolicy, MAX_ISSUERS};
use doorcode::keys::{Epoch, IssuerId, MAX_DOOR_ID_LEN};
use wasm_bindgen::prelude::*;

use crate::args::{self, ArgError, PolicyFields};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Reflect, js_name = get, catch)]
    fn reflect_get(target: &JsValue, key: &JsValue) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_namespace = Reflect, js_name = set)]
    fn reflect_set(target: &JsValue, key: &JsValue, value: &JsValue) -> bool;

    #[wasm_bindgen(js_namespace = Object, js_name = keys, catch)]
    fn object_keys(target: &JsValue) -> Result<JsValue, JsValue>;

    /// `Object()` called as a function returns a new plain object.
    #[wasm_bindgen(js_name = Object)]
    fn new_object() -> JsValue;

    /// `String(number)`: how JavaScript prints a number, for error messages.
    #[wasm_bindgen(js_name = String)]
    fn number_to_string(value: f64) -> String;

    /// Only used for `instanceof Uint8Array`.
    #[wasm_bindgen(js_name = Uint8Array)]
    type Uint8ArrayType;
}

/// What `typeof` says, with `null` and arrays told apart, for error messages.
fn type_name(value: &JsValue) -> String {
    if value.is_null() {
        return "null".into();
    }
    if value.is_array() {
        return "array".into();
    }
    value
        .js_typeof()
        .as_string()
        .unwrap_or_else(|| "unknown".into())
}

fn wrong_type(what: &str, expected: &str, value: &JsValue) -> ArgError {
    ArgError::new(cat!(
        what,
        " must be ",
        expected,
        ", got ",
        type_name(value)
    ))
}

/// The UTF-8 form of a JavaScript string, refusing strings with lone surrogates.
///
/// `wasm-bindgen` encodes strings with `TextEncoder`, which turns a lone surrogate into U+FFFD, so
/// `"\ud800"` and `"\ufffd"` would otherwise name the same door. A string is accepted only if it
/// survives the round trip unchanged. `None` when `value` is not a string.
fn exact_string(value: &JsValue, what: &str) -> Option<Result<String, ArgError>> {
    let text = value.as_string()?;
    if JsValue::from_str(&text) == *value {
        Some(Ok(text))
    } else {
        Some(Err(ArgError::new(cat!(
            what,
            " is not valid Unicode (it contains a lone surrogate)"
        ))))
    }
}

/// A string argument.
pub fn string(value: &JsValue, what: &str) -> Result<String, ArgError> {
    exact_string(value, what).unwrap_or_else(|| Err(wrong_type(what, "a string", value)))
}

/// A number argument (not yet checked to be an integer).
pub fn number(value: &JsValue, what: &str) -> Result<f64, ArgError> {
    value
        .as_f64()
        .ok_or_else(|| wrong_type(what, "a number", value))
}

/// Numbers in messages are printed by JavaScript.
pub fn show(value: f64) -> String {
    number_to_string(value)
}

/// A number argument that must be a safe integer in `0..=u32::MAX`.
pub fn u32_arg(value: &JsValue, what: &str) -> Result<u32, ArgError> {
    args::u32_arg(number(value, what)?, what, &show)
}

/// A plain object argument (not `null`, not an array, not a function).
pub fn expect_object(value: &JsValue, what: &str) -> Result<(), ArgError> {
    if value.is_object() && !value.is_array() {
        Ok(())
    } else {
        Err(wrong_type(what, "an object", value))
    }
}

/// `object[name]`, with a throwing getter reported as an error.
pub fn get(object: &JsValue, name: &str, what: &str) -> Result<JsValue, ArgError> {
    reflect_get(object, &JsValue::from_str(name))
        .map_err(|_| ArgError::new(cat!("reading ", what, ".", name, " threw an exception")))
}

/// `object[name]` or `None` when it is `undefined`.
pub fn get_optional(object: &JsValue, name: &str, what: &str) -> Result<Option<JsValue>, ArgError> {
    let value = get(object, name, what)?;
    Ok((!value.is_undefined()).then_some(value))
}

/// `array.length` as a count.
pub fn length(object: &JsValue, what: &str) -> Result<u32, ArgError> {
    let value = get(object, "length", what)?;
    u32_arg(&value, &cat!(what, ".length"))
}

/// `array[index]`.
pub fn element(array: &JsValue, index: u32, what: &str) -> Result<JsValue, ArgError> {
    reflect_get(array, &JsValue::from(index))
        .map_err(|_| ArgError::new(cat!("reading ", what, "[", index, "] threw an exception")))
}

/// Refuse own enumerable fields outside `allowed`, so a typo (`dailyslots`) is an error instead
/// of a silently ignored option.
pub fn check_fields(object: &JsValue, allowed: &[&str], what: &str) -> Result<(), ArgError> {
    let keys = object_keys(object)
        .map_err(|_| ArgError::new(cat!("listing the fields of ", what, " threw an exception")))?;
    let count = length(&keys, what)?;
    for index in 0..count {
        let key = element(&keys, index, what)?;
        let name = key.as_string().unwrap_or_default();
        if !allowed.contains(&name.as_str()) {
            let shown = args::quote(&name, 32);
            return Err(ArgError::new(cat!(
                what,
                " has an unknown field ",
                shown,
                "; expected ",
                args::join(allowed)
            )));
        }
    }
    Ok(())
}

/// A required field of an options object, as a safe integer in `0..=u32::MAX`.
fn u32_field(object: &JsValue, name: &str, what: &str) -> Result<u32, ArgError> {
    u32_arg(&get(object, name, what)?, &cat!(what, ".", name))
}

/// A door id: a string (its UTF-8 bytes) or a `Uint8Array` (its bytes), 1..=32 bytes.
pub fn door_id(value: &JsValue, what: &str) -> Result<doorcode::keys::DoorId, ArgError> {
    if let Some(text) = exact_string(value, what) {
        return args::door_id(text?.as_bytes(), what);
    }
    if !value.is_instance_of::<Uint8ArrayType>() {
        return Err(wrong_type(what, "a string or a Uint8Array", value));
    }
    let len = length(value, what)?;
    let len_usize = usize::try_from(len).unwrap_or(usize::MAX);
    if len_usize > MAX_DOOR_ID_LEN {
        return Err(ArgError::new(cat!(
            what,
            ": door id is ",
            len,
            " bytes; at most ",
            MAX_DOOR_ID_LEN,
            " allowed"
        )));
    }
    let mut bytes = Vec::with_capacity(len_usize);
    for index in 0..len {
        let byte = u32_arg(&element(value, index, what)?, &cat!(what, "[", index, "]"))?;
        bytes.push(
            u8::try_from(byte)
                .map_err(|_| ArgError::new(cat!(what, "[", index, "] is not a byte")))?,
        );
    }
    args::door_id(&bytes, what)
}

/// A policy argument: `undefined` or `null` for the defaults, or an object whose fields
/// (`digits`, `dailySlots`, `singleUseSlots`, `graceSeconds`) override them.
pub fn policy(value: &JsValue, what: &str) -> Result<DailyPolicy, ArgError> {
    if value.is_null_or_undefined() {
        return Ok(DailyPolicy::default());
    }
    expect_object(value, what)?;
    check_fields(
        value,
        &["digits", "dailySlots", "singleUseSlots", "graceSeconds"],
        what,
    )?;
    let field = |name: &str| -> Result<Option<f64>, ArgError> {
        get_optional(value, name, what)?
            .map(|number_value| number(&number_value, &cat!(what, ".", name)))
            .transpose()
    };
    args::policy(
        PolicyFields {
            digits: field("digits")?,
            daily_slots: field("dailySlots")?,
            single_use_slots: field("singleUseSlots")?,
            grace_seconds: field("graceSeconds")?,
        },
        what,
        &show,
    )
}

/// The enabled issuers: an array of `{issuer, epoch}`.
///
/// An array longer than the library allows is refused with the library's own message (through
/// `DailyPolicy::check`) without reading its elements.
pub fn issuers(
    value: &JsValue,
    policy: &DailyPolicy,
    what: &str,
) -> Result<Vec<(IssuerId, Epoch)>, ArgError> {
    if !value.is_array() {
        return Err(wrong_type(what, "an array of {issuer, epoch}", value));
    }
    let count = length(value, what)?;
    let count_usize = usize::try_from(count).unwrap_or(usize::MAX);
    if count_usize > MAX_ISSUERS {
        let error = policy.check(count_usize).err().map_or_else(
            || cat!(count, " issuers given"),
            |error| crate::text::text(&error),
        );
        return Err(ArgError::new(cat!("invalid policy: ", error)));
    }
    let mut list = Vec::with_capacity(count_usize);
    for index in 0..count {
        let entry = element(value, index, what)?;
        let name = cat!(what, "[", index, "]");
        expect_object(&entry, &name)?;
        check_fields(&entry, &["issuer", "epoch"], &name)?;
        let issuer = u32_field(&entry, "issuer", &name)?;
        let epoch = u32_field(&entry, "epoch", &name)?;
        list.push((IssuerId(issuer), Epoch(epoch)));
    }
    Ok(list)
}

/// A new plain object filled field by field.
pub struct ObjectBuilder(JsValue);

impl ObjectBuilder {
    /// An empty `{}`.
    pub fn new() -> Self {
        Self(new_object())
    }

    /// Set `name` to `value`.
    pub fn set(self, name: &str, value: impl Into<JsValue>) -> Self {
        self.set_value(name, &value.into())
    }

    /// [`Self::set`] after the conversion: one copy in the `.wasm` for every value type.
    fn set_value(self, name: &str, value: &JsValue) -> Self {
        // A fresh plain object has no setters or frozen fields: `Reflect.set` cannot fail here.
        let _ = reflect_set(&self.0, &JsValue::from_str(name), value);
        self
    }

    /// The object.
    pub fn build(self) -> JsValue {
        self.0
    }
}

/// `{digits, dailySlots, singleUseSlots, graceSeconds}`.
pub fn policy_object(policy: &DailyPolicy) -> JsValue {
    ObjectBuilder::new()
        .set("digits", policy.length.get())
        .set("dailySlots", policy.daily_slots)
        .set("singleUseSlots", policy.single_use_slots)
        .set("graceSeconds", policy.grace_seconds)
        .build()
}

/// An array argument, element by element (`read(element, "what[i]")`).
pub fn array_of<T>(
    value: &JsValue,
    what: &str,
    limit: usize,
    mut read: impl FnMut(&JsValue, &str) -> Result<T, ArgError>,
) -> Result<Vec<T>, ArgError> {
    if !value.is_array() {
        return Err(wrong_type(what, "an array", value));
    }
    let count = length(value, what)?;
    if usize::try_from(count).map_or(true, |count| count > limit) {
        return Err(ArgError::new(cat!(
            what,
            " has ",
            count,
            " elements; at most ",
            limit,
            " allowed"
        )));
    }
    let mut list = Vec::new();
    for index in 0..count {
        let name = cat!(what, "[", index, "]");
        list.push(read(&element(value, index, what)?, &name)?);
    }
    Ok(list)
}

/// An instant as a JavaScript number, refusing one it cannot hold exactly (every supported
/// instant fits; only a grant bound read from an encoding may not).
pub fn exact_instant(instant: i64, what: &str) -> Result<f64, ArgError> {
    let magnitude = args::exact_number(instant.unsigned_abs(), what)?;
    Ok(if instant < 0 { -magnitude } else { magnitude })
}

/// [`exact_instant`], with `None` as `null`.
pub fn instant_value(instant: Option<i64>, what: &str) -> Result<JsValue, ArgError> {
    instant.map_or(Ok(JsValue::NULL), |instant| {
        exact_instant(instant, what).map(JsValue::from)
    })
}
