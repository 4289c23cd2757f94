import MediaWorkerAWS
import MediaWorkerHTTP
import MediaWorkerXML
import MediaWorkerSupport
import Testing

@Suite("XML on libxml2 and AWS error bodies")
struct XMLTreeTests {
    @Test("a ListBucketResult parses into elements with namespaces and text")
    func parse() throws {
        let root = try XMLTree.parse("""
            <?xml version="1.0" encoding="UTF-8"?>
            <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
              <Name>watch</Name>
              <Contents><Key>inputs/a &amp; b.mp4</Key><Size>10</Size></Contents>
              <Contents><Key><![CDATA[inputs/<c>.mp4]]></Key><Size>20</Size></Contents>
            </ListBucketResult>
            """)
        #expect(root.name == "ListBucketResult")
        #expect(root.namespace == "http://s3.amazonaws.com/doc/2006-03-01/")
        #expect(root.text(of: "Name") == "watch")
        #expect(root.elements(named: "Contents").map { $0.text(of: "Key") } == ["inputs/a & b.mp4", "inputs/<c>.mp4"])
    }

    @Test("malformed XML is an error with its line; entities are not expanded")
    func malformed() throws {
        let error = #expect(throws: XMLError.self) { try XMLTree.parse("<a>\n<b>\n</a>") }
        #expect(error?.line == 3)
        #expect(error?.code == .malformed)
        #expect(throws: XMLError.self) { try XMLTree.parse("") }
        let xxe = try? XMLTree.parse("<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><a>&e;</a>")
        #expect(xxe?.text.contains("root:") != true)
    }

    @Test("XMLWriter escapes text")
    func writer() throws {
        var writer = XMLWriter()
        writer.start("Delete", namespace: "http://s3.amazonaws.com/doc/2006-03-01/")
        writer.element("Key", "a<b>&\"c'")
        writer.end()
        let root = try XMLTree.parse(writer.document)
        #expect(root.text(of: "Key") == "a<b>&\"c'")
    }

    @Test("service errors decode from S3 XML, query-protocol XML and JSON")
    func serviceErrors() {
        let s3 = AWSServiceError.decode(
            response: HTTPResponse(status: 301, headers: [HTTPHeader("x-amz-bucket-region", "eu-west-1")], body: Array("<Error><Code>PermanentRedirect</Code><Message>Use the right endpoint.</Message><RequestId>R1</RequestId><HostId>H1</HostId></Error>".utf8), bodyLength: 0, newConnections: 0),
            service: "s3", operation: "GetObject", resource: "s3://b/k")
        #expect(s3.code == "PermanentRedirect")
        #expect(s3.requestID == "R1")
        #expect(s3.description.contains("AWS_REGION=eu-west-1"))
        let query = AWSServiceError.decode(
            response: HTTPResponse(status: 400, headers: [], body: Array("<ErrorResponse><Error><Type>Sender</Type><Code>InvalidParameterValue</Code><Message>bad</Message></Error><RequestId>R2</RequestId></ErrorResponse>".utf8), bodyLength: 0, newConnections: 0),
            service: "sqs", operation: "SendMessage", resource: "q")
        #expect(query.code == "InvalidParameterValue")
        #expect(query.requestID == "R2")
        let json = AWSServiceError.decode(
            response: HTTPResponse(status: 400, headers: [], body: Array("{\"__type\":\"com.amazonaws.sqs#QueueDoesNotExist\",\"message\":\"The specified queue does not exist.\"}".utf8), bodyLength: 0, newConnections: 0),
            service: "sqs", operation: "ReceiveMessage", resource: "q")
        #expect(json.code == "QueueDoesNotExist")
        #expect(json.message == "The specified queue does not exist.")
        let empty = AWSServiceError.decode(response: HTTPResponse(status: 404, headers: [], body: [], bodyLength: 0, newConnections: 0), service: "s3", operation: "HeadObject", resource: "s3://b/k")
        #expect(empty.code == "NotFound")
    }
}
