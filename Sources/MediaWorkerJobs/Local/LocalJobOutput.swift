public import MediaWorkerMedia

/// A file the local engine wrote for a job, relative to the output root: a `rendition`,
/// `playlist` (HLS multivariant) or `audio` output, in the job record's own type.
public typealias LocalJobOutput = MediaOutput
