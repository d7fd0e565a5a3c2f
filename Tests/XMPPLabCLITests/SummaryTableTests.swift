import Testing
@testable import xmpplab

/// The summary's tables (per flow, delivery latency, reconnections) keep
/// their figures in one column whatever the labels' lengths.
@Suite struct SummaryTableTests {
    @Test func theLongestLabelDoesNotPushItsFiguresRight() {
        let long = "someone-with-a-long-name@alpha.test -> partner@bravo.test"
        let lines = SummaryReport.table(
            "Per flow", columns: "   sent", labelWidth: 30,
            rows: [("a@alpha.test -> b@bravo.test", String(format: " %6d", 3)), (long, String(format: " %6d", 12))]
        )
        #expect(lines == [
            "Per flow" + String(repeating: " ", count: long.count + 2 - 8) + "   sent",
            "  a@alpha.test -> b@bravo.test" + String(repeating: " ", count: long.count - 28) + "      3",
            "  " + long + "     12",
        ])
        // Every line ends in the same column, the header's included.
        #expect(Set(lines.map(\.count)).count == 1)
    }

    @Test func shortLabelsArePaddedToTheMinimumWidth() {
        let lines = SummaryReport.table("Reconnections", columns: "  lost", labelWidth: 28, rows: [("c@alpha.test", "     1")])
        #expect(lines[0] == "Reconnections" + String(repeating: " ", count: 30 - 13) + "  lost")
        #expect(lines[1] == "  c@alpha.test" + String(repeating: " ", count: 28 - 12) + "     1")
    }
}
