#![doc = include_str!("../README.md")]
#![no_std]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(any(feature = "std", test))]
extern crate std;

#[cfg(feature = "alloc")]
extern crate alloc;

#[cfg(feature = "batch")]
#[cfg_attr(docsrs, doc(cfg(feature = "batch")))]
pub mod batch;
pub mod civil;
pub mod code;
pub mod credential;
pub mod daily;
pub mod ff1;
pub mod kdf;
pub mod keys;
pub mod lock;
pub mod odds;
pub mod permanent;
pub mod schedule;
pub mod zone;
