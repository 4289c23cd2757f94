/// An XML element with everything below it: a small immutable tree, detached from libxml2
/// (`XMLTree.parse` makes one from a document). Named so as not to collide with
/// Foundation's `XMLDocument`, `XMLElement` and `XMLNode`.
public struct XMLTree: Sendable, Equatable {
    /// One child: an element or a run of text.
    public enum Node: Sendable, Equatable {
        case element(XMLTree)
        case text(String)
    }

    /// The local name, without prefix.
    public var name: String
    /// The namespace URI, if any.
    public var namespace: String?
    /// Attributes by local name.
    public var attributes: [String: String]
    /// Children in document order.
    public var children: [Node]
    /// The line where the element starts.
    public var line: Int

    /// An element with its attributes and children (for tests and hand-built trees).
    public init(name: String, namespace: String? = nil, attributes: [String: String] = [:], children: [Node] = [], line: Int = 0) {
        self.name = name
        self.namespace = namespace
        self.attributes = attributes
        self.children = children
        self.line = line
    }

    /// Child elements.
    public var elements: [XMLTree] {
        children.compactMap { if case .element(let element) = $0 { element } else { nil } }
    }

    /// Child elements with a local name.
    public func elements(named name: String) -> [XMLTree] {
        elements.filter { $0.name == name }
    }

    /// The first child element with a local name.
    public func element(named name: String) -> XMLTree? {
        elements.first { $0.name == name }
    }

    /// The text of the first child element with a local name.
    public func text(of name: String) -> String? {
        element(named: name)?.text
    }

    /// All text below this element, concatenated.
    public var text: String {
        children.map {
            switch $0 {
            case .text(let text): text
            case .element(let element): element.text
            }
        }.joined()
    }
}
