//! Threads with a stack large enough for the recursive steps.
//!
//! `openapiv3`'s derived deserializers, `syn` and `prettyplease` recurse once per level
//! of nesting: a document may nest up to the parsers' limit of 128 levels, and in a
//! debug build each level can take tens of kilobytes, more than a 2 MiB test or worker
//! thread has.

/// The stack of every thread started here.
pub(crate) const LARGE_STACK: usize = 64 << 20;

/// Runs `f` on every item, each on its own thread with [`LARGE_STACK`], and returns
/// the results in the order of `items`. An item whose thread cannot be started runs on
/// the caller's thread; a panic is resumed on the caller's thread.
pub(crate) fn map_on_large_stacks<I: Sync, T: Send>(items: &[I], f: impl Fn(&I) -> T + Sync) -> Vec<T> {
    let f = &f;
    std::thread::scope(|s| {
        let workers: Vec<_> = items
            .iter()
            .map(|item| {
                let worker = std::thread::Builder::new()
                    .name("generator-deep".into())
                    .stack_size(LARGE_STACK)
                    .spawn_scoped(s, move || f(item));
                (item, worker)
            })
            .collect();
        workers
            .into_iter()
            .map(|(item, worker)| match worker.map(|w| w.join()) {
                Ok(Ok(value)) => value,
                Ok(Err(panic)) => std::panic::resume_unwind(panic),
                Err(_) => f(item),
            })
            .collect()
    })
}

/// Runs `f` on a thread with [`LARGE_STACK`] (inline if no thread can be started);
/// a panic in `f` is resumed on the caller's thread.
pub(crate) fn on_large_stack<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    let mut job = Some(f);
    let slot = &mut job;
    let joined = std::thread::scope(|s| {
        let worker = std::thread::Builder::new()
            .name("generator-deep".into())
            .stack_size(LARGE_STACK)
            .spawn_scoped(s, move || slot.take().map(|f| f()));
        worker.ok().map(|w| w.join())
    });
    match joined {
        Some(Ok(Some(value))) => value,
        Some(Err(panic)) => std::panic::resume_unwind(panic),
        _ => job.take().map(|f| f()).expect("the job runs exactly once"),
    }
}
