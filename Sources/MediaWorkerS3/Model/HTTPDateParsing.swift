import Foundation
import MediaWorkerAWS

enum HTTPDateParsing {
    static func parse(_ text: String) -> Date? { HTTPDate.parse(text) }
}
