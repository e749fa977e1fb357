//! Code that loads on first use. In a release build (the `split` feature) each `split!` function is compiled into a
//! wasm chunk of its own, which `scripts/wasm_split.py` cuts out of the module after the build and the browser fetches
//! the first time the function is called; in other builds (debug, tests, the host) it is an ordinary function.

/// The code of a part could not be fetched (offline before the part was ever used, or the file is gone).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChunkError;

impl From<leptos::wasm_split::SplitLoaderError> for ChunkError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ChunkError
    }
}

/// `split!(chunk, preload, fn name(args) -> T { body })` defines `async fn name(args) -> Result<T, ChunkError>` and
/// `async fn preload()`, which only fetches the chunk. Functions naming the same chunk share one file. The body is
/// an ordinary function body (`return` works in it).
#[macro_export]
macro_rules! split {
    ($chunk:ident, $preload:ident, $(#[$meta:meta])* $vis:vis fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty $body:block) => {
        #[cfg(all(feature = "split", target_arch = "wasm32", not(debug_assertions)))]
        #[::leptos::wasm_split::wasm_split(
            $chunk,
            wasm_split_path = ::leptos::wasm_split,
            preload(#[allow(dead_code)] $preload),
            fallible
        )]
        $(#[$meta])*
        $vis fn $name($($arg: $ty),*) -> Result<$ret, $crate::split::ChunkError> {
            fn body($($arg: $ty),*) -> $ret $body
            Ok(body($($arg),*))
        }

        #[cfg(not(all(feature = "split", target_arch = "wasm32", not(debug_assertions))))]
        $(#[$meta])*
        $vis async fn $name($($arg: $ty),*) -> Result<$ret, $crate::split::ChunkError> {
            fn body($($arg: $ty),*) -> $ret $body
            Ok(body($($arg),*))
        }

        #[cfg(not(all(feature = "split", target_arch = "wasm32", not(debug_assertions))))]
        #[allow(dead_code)]
        $vis async fn $preload() -> Result<(), $crate::split::ChunkError> {
            Ok(())
        }
    };
}
