/// Splits a command line into words the way botocore splits `credential_process`
/// (Python's `shlex.split` in POSIX mode), so the program runs without a shell.
///
/// - Words are separated by spaces, tabs and line breaks.
/// - `'single quotes'` keep everything literally.
/// - `"double quotes"` keep everything except `\"` and `\\`, which become `"` and `\`
///   (any other backslash stays, and `$`, `` ` `` are not special: there is no shell).
/// - Outside quotes a backslash makes the next character literal.
/// - Quoted and unquoted parts next to each other form one word; `''` is an empty word.
/// - `#` starts no comment.
public enum ShellWords {
    /// A command line that cannot be split.
    public struct SyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
        /// What is wrong, e.g. "no closing quotation (\")".
        public var message: String
        public var description: String { message }
    }

    /// The words of `line`.
    public static func split(_ line: String) throws(SyntaxError) -> [String] {
        enum State { case between, word, single, double }
        var words: [String] = []
        var word = ""
        var state = State.between
        var characters = line.makeIterator()
        while let character = characters.next() {
            switch state {
            case .between, .word:
                if character == " " || character == "\t" || character == "\n" || character == "\r" {
                    if state == .word {
                        words.append(word)
                        word = ""
                        state = .between
                    }
                } else if character == "'" {
                    state = .single
                } else if character == "\"" {
                    state = .double
                } else if character == "\\" {
                    guard let next = characters.next() else { throw SyntaxError(message: "the command line ends with a lone backslash") }
                    word.append(next)
                    state = .word
                } else {
                    word.append(character)
                    state = .word
                }
            case .single:
                if character == "'" { state = .word } else { word.append(character) }
            case .double:
                if character == "\"" {
                    state = .word
                } else if character == "\\" {
                    guard let next = characters.next() else { throw SyntaxError(message: "no closing quotation (\")") }
                    if next != "\"" && next != "\\" { word.append("\\") }
                    word.append(next)
                } else {
                    word.append(character)
                }
            }
        }
        switch state {
        case .single: throw SyntaxError(message: "no closing quotation (')")
        case .double: throw SyntaxError(message: "no closing quotation (\")")
        case .word: words.append(word)
        case .between: break
        }
        return words
    }
}
