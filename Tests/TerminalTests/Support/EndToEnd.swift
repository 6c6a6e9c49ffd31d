import Testing

/// The parent of every end-to-end suite, which runs them one test at a time.
///
/// Each test drives a real terminal by running the tmux client many times a second; sixteen of
/// them at once kept both cores of a CI machine busy spawning processes, and timing-sensitive
/// tests elsewhere in the run (probe deadlines, server delays) failed for want of CPU. One at a
/// time, the suite takes a few seconds longer and the rest of the run does not notice it.
@Suite(.serialized) enum EndToEnd {}
