import Foundation
import RunnerAlerts
import RunnerCore
import Testing

@Suite struct AlertPayloadTests {
    @Test func theTextPutsTheModeAndEnvironmentFirst() {
        let live = AlertPayload(SampleAlert.watchdog, mode: .live)
        #expect(
            live.text
                == "[LIVE] live: critical watchdog: the signal engine has been silent for 31s; the kill switch fired")
        let paper = AlertPayload(SampleAlert.numbered(7), mode: .paper)
        #expect(paper.text == "[PAPER] paper: warning reconciliation: alert 7")
    }

    @Test func aLongMessageIsCutForTheSinksAndSaysSo() {
        var alert = SampleAlert.watchdog
        alert.message = String(repeating: "m", count: AlertPayload.maximumMessageCharacters + 25)
        let payload = AlertPayload(alert, mode: .live)
        #expect(payload.message.hasPrefix(String(repeating: "m", count: AlertPayload.maximumMessageCharacters) + "..."))
        #expect(payload.message.hasSuffix("(25 more characters in the journal)"))
    }

    @Test func theJSONIsTheOneTheReadmeShows() {
        let json = String(decoding: AlertPayload(SampleAlert.watchdog, mode: .live).json, as: UTF8.self)
        #expect(
            json == #"{"at":1767623400250,"environment":"live","kind":"watchdog","message":"the signal engine has "#
                + #"been silent for 31s; the kill switch fired","mode":"live","severity":"critical","text":"[LIVE] "#
                + #"live: critical watchdog: the signal engine has been silent for 31s; the kill switch fired","#
                + #""time":"2026-01-05T14:30:00.250Z"}"#)
    }

    @Test func theJSONHoldsEveryField() throws {
        let payload = AlertPayload(SampleAlert.watchdog, mode: .live)
        let object = try #require(try JSONSerialization.jsonObject(with: payload.json) as? [String: Any])
        #expect(Set(object.keys) == ["text", "kind", "severity", "environment", "mode", "message", "at", "time"])
        #expect(object["at"] as? Int == 1_767_623_400_250)
        #expect(object["time"] as? String == "2026-01-05T14:30:00.250Z")
        #expect(object["mode"] as? String == "live")
    }
}
