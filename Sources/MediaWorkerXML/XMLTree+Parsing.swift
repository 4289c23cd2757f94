internal import CXML2
import Synchronization

/// Parsing with libxml2, safely for untrusted input: no network access, no external
/// DTDs, no entity expansion.
extension XMLTree {
    private static let initialized: Bool = {
        xmlInitParser()
        mw_xml_silence_generic_errors()
        return true
    }()

    /// Parses a document and returns its root element, detached from libxml2.
    public static func parse(_ bytes: [UInt8]) throws(XMLError) -> XMLTree {
        _ = initialized
        guard !bytes.isEmpty else {
            throw XMLError(code: .empty, message: "the document is empty", line: 0, cause: 0)
        }
        guard bytes.count < Int(Int32.max) else {
            throw XMLError(code: .tooLarge, message: "the document is larger than 2 GiB", line: 0, cause: 0)
        }
        // The parse and the read of libxml2's per-thread last error happen in one scope.
        let result: Result<XMLTree, XMLError> = bytes.withUnsafeBufferPointer { buffer in
            xmlResetLastError()
            let document = buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                xmlReadMemory($0, Int32(buffer.count), "document.xml", nil, mw_xml_safe_options())
            }
            guard let document else {
                return .failure(lastError(default: "not well-formed XML"))
            }
            defer { xmlFreeDoc(document) }
            guard let root = xmlDocGetRootElement(document) else {
                return .failure(XMLError(code: .malformed, message: "the document has no root element", line: 0, cause: 0))
            }
            return .success(convert(root, depth: 0))
        }
        return try result.get()
    }

    /// Parses a UTF-8 string.
    public static func parse(_ string: String) throws(XMLError) -> XMLTree {
        try parse(Array(string.utf8))
    }

    /// The linked libxml2 version.
    public static var libraryVersion: String { "libxml2 " + String(cString: mw_xml_version()) }

    private static func lastError(default message: String) -> XMLError {
        guard let error = xmlGetLastError() else {
            return XMLError(code: .malformed, message: message, line: 0, cause: 0)
        }
        let text = error.pointee.message.map { String(cString: $0).trimmingWhitespace() } ?? message
        return XMLError(code: .malformed, message: text, line: Int(error.pointee.line), cause: error.pointee.code)
    }

    private static let maximumDepth = 256

    private static func convert(_ node: UnsafeMutablePointer<xmlNode>, depth: Int) -> XMLTree {
        let name = String(cString: node.pointee.name)
        let namespace = node.pointee.ns.flatMap { $0.pointee.href.map { String(cString: $0) } }
        var attributes: [String: String] = [:]
        var attribute = node.pointee.properties
        while let current = attribute {
            let key = String(cString: current.pointee.name)
            if let value = xmlNodeGetContent(UnsafeMutableRawPointer(current).assumingMemoryBound(to: xmlNode.self)) {
                attributes[key] = String(cString: value)
                mw_xml_free(value)
            }
            attribute = current.pointee.next
        }
        var children: [XMLTree.Node] = []
        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_ELEMENT_NODE:
                if depth < maximumDepth { children.append(.element(convert(current, depth: depth + 1))) }
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content { children.append(.text(String(cString: content))) }
            default:
                break
            }
            child = current.pointee.next
        }
        return XMLTree(name: name, namespace: namespace, attributes: attributes, children: children, line: Int(xmlGetLineNo(node)))
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
