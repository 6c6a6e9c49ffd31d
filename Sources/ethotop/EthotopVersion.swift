/// ethotop's version: the one constant `--version`, logs and the JSON read.
enum EthotopVersion {
    /// Semantic version of this build.
    static let string = "0.1.0"
}
