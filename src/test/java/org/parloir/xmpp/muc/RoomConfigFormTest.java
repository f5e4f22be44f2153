package org.parloir.xmpp.muc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.parloir.xmpp.stanza.DataForm;
import org.parloir.xmpp.stanza.Element;
import org.parloir.xmpp.stanza.Namespaces;
import org.parloir.xmpp.stanza.StanzaException;

/** The XEP-0045 §10.2 configuration form: what it shows and how answers change a room. */
class RoomConfigFormTest {

    private static Map<String, List<String>> answers(String... pairs) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], List.of(pairs[i + 1]));
        }
        return map;
    }

    @Test
    void onlyTheAnsweredFieldsChange() {
        RoomConfig c = RoomConfigForm.apply(RoomConfig.defaults(), answers(
                "FORM_TYPE", RoomConfigForm.FORM_TYPE,
                "muc#roomconfig_roomname", "Cellar",
                "muc#roomconfig_moderatedroom", "1",
                "muc#roomconfig_whois", "anyone",
                "muc#roomconfig_maxusers", "2",
                "muc#roomconfig_unknown", "ignored"), 100);
        assertThat(c.name()).isEqualTo("Cellar");
        assertThat(c.moderated()).isTrue();
        assertThat(c.nonAnonymous()).isTrue();
        assertThat(c.maxUsers()).isEqualTo(2);
        assertThat(c.membersOnly()).isFalse();
        assertThat(c.listed()).isTrue();
        assertThat(RoomConfigForm.apply(c, answers("muc#roomconfig_maxusers", "none"), 100).maxUsers()).isZero();
    }

    @Test
    void invalidAnswersAreNotAcceptable() {
        RoomConfig d = RoomConfig.defaults();
        for (Map<String, List<String>> bad : List.of(answers("muc#roomconfig_membersonly", "maybe"),
                answers("muc#roomconfig_maxusers", "0"), answers("muc#roomconfig_maxusers", "101"),
                answers("muc#roomconfig_whois", "everybody"),
                answers("muc#roomconfig_passwordprotectedroom", "true"))) {
            assertThatThrownBy(() -> RoomConfigForm.apply(d, bad, 100)).isInstanceOfSatisfying(StanzaException.class,
                    e -> assertThat(e.error().condition()).isEqualTo("not-acceptable"));
        }
        assertThatThrownBy(() -> RoomConfigForm.apply(d, answers("FORM_TYPE", "urn:other"), 100))
                .isInstanceOfSatisfying(StanzaException.class,
                        e -> assertThat(e.error().condition()).isEqualTo("bad-request"));
    }

    @Test
    void theFormShowsTheCurrentValues() {
        RoomConfig c = RoomConfigForm.apply(RoomConfig.defaults(), answers("muc#roomconfig_roomname", "Cellar",
                "muc#roomconfig_passwordprotectedroom", "1", "muc#roomconfig_roomsecret", "s3"), 100);
        Map<String, List<String>> shown = DataForm.values(RoomConfigForm.form("r@conference.example.org", c));
        assertThat(shown.get("FORM_TYPE")).containsExactly(RoomConfigForm.FORM_TYPE);
        assertThat(shown.get("muc#roomconfig_roomname")).containsExactly("Cellar");
        assertThat(shown.get("muc#roomconfig_passwordprotectedroom")).containsExactly("1");
        assertThat(shown.get("muc#roomconfig_maxusers")).containsExactly("none");
        assertThat(shown.get("muc#roomconfig_whois")).containsExactly("moderators");
        Element form = RoomConfigForm.form("r@conference.example.org", c);
        assertThat(form.is("x", Namespaces.DATA_FORMS)).isTrue();
        assertThat(form.attribute("type")).isEqualTo("form");
    }
}
