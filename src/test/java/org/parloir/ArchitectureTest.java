package org.parloir;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.domain.properties.HasOwner;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import javax.sip.message.MessageFactory;
import org.junit.jupiter.api.Test;

/** The house rules of shared/STYLE.md that a compiler does not check. */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.parloir");

    @Test
    void onlyTheStackPackageKnowsTheJainSipImplementation() {
        noClasses().that().resideOutsideOfPackage("org.parloir.sip.stack..")
                .should().dependOnClassesThat().resideInAPackage("gov.nist..").check(MAIN);
    }

    @Test
    void sharedContextsDoNotDependOnProtocols() {
        noClasses().that().resideInAnyPackage("org.parloir.core..", "org.parloir.directory..",
                        "org.parloir.aaa..", "org.parloir.cdr..", "org.parloir.pstn..", "org.parloir.tls..")
                .should().dependOnClassesThat().resideInAnyPackage("org.parloir.sip..", "org.parloir.admin..",
                        "org.parloir.xmpp..")
                .check(MAIN);
    }

    @Test
    void protocolsMeetOnlyThroughSharedContexts() {
        noClasses().that().resideInAPackage("org.parloir.xmpp..")
                .should().dependOnClassesThat().resideInAnyPackage("org.parloir.sip..").check(MAIN);
        noClasses().that().resideInAPackage("org.parloir.sip..")
                .should().dependOnClassesThat().resideInAnyPackage("org.parloir.xmpp..").check(MAIN);
        // the directory's and the TLS credentials' implementations are wired by Spring; protocols see their api
        noClasses().that().resideInAnyPackage("org.parloir.xmpp..", "org.parloir.sip..")
                .should().dependOnClassesThat().resideInAnyPackage("org.parloir.directory", "org.parloir.tls")
                .check(MAIN);
    }

    @Test
    void theAdminSeesCdrsOnlyThroughTheirApi() {
        noClasses().that().resideInAPackage("org.parloir.admin..")
                .should().dependOnClassesThat().resideInAPackage("org.parloir.cdr")
                .check(MAIN);
    }

    @Test
    void theAdminSeesXmppOnlyThroughItsApi() {
        // admin reaches into SIP internals (registrar, B2BUA); XMPP offers it org.parloir.xmpp.api alone
        noClasses().that().resideInAPackage("org.parloir.admin..")
                .should().dependOnClassesThat(com.tngtech.archunit.core.domain.JavaClass.Predicates
                        .resideInAPackage("org.parloir.xmpp..")
                        .and(com.tngtech.archunit.base.DescribedPredicate.not(
                                com.tngtech.archunit.core.domain.JavaClass.Predicates
                                        .resideInAPackage("org.parloir.xmpp.api.."))))
                .check(MAIN);
        // and the api is records and interfaces: nothing of the implementation leaks through it
        noClasses().that().resideInAPackage("org.parloir.xmpp.api..")
                .should().dependOnClassesThat().resideInAnyPackage("org.parloir.xmpp.router..",
                        "org.parloir.xmpp.stream..", "org.parloir.xmpp.im..", "org.parloir.xmpp.muc..",
                        "org.parloir.xmpp.ext..", "org.parloir.xmpp.stanza..")
                .check(MAIN);
    }

    @Test
    void xmppLayersPointDownward() {
        // stanza model and XML framing know nothing of sessions or IM; the router knows nothing of IM or streams
        noClasses().that().resideInAnyPackage("org.parloir.xmpp.stanza..", "org.parloir.xmpp.net..")
                .should().dependOnClassesThat().resideInAnyPackage("org.parloir.xmpp.stream..",
                        "org.parloir.xmpp.router..", "org.parloir.xmpp.im..", "org.parloir.xmpp.ext..")
                .check(MAIN);
        noClasses().that().resideInAPackage("org.parloir.xmpp.router..")
                .should().dependOnClassesThat().resideInAnyPackage("org.parloir.xmpp.stream..",
                        "org.parloir.xmpp.im..", "org.parloir.xmpp.ext..", "org.parloir.xmpp.net..",
                        "org.parloir.xmpp.muc..")
                .check(MAIN);
        noClasses().that().resideInAPackage("org.parloir.xmpp.im..")
                .should().dependOnClassesThat().resideInAnyPackage("org.parloir.xmpp.stream..",
                        "org.parloir.xmpp.ext..", "org.parloir.xmpp.muc..")
                .check(MAIN);
        // the chat service meets IM only through the router's Component interface
        noClasses().that().resideInAPackage("org.parloir.xmpp.muc..")
                .should().dependOnClassesThat().resideInAnyPackage("org.parloir.xmpp.stream..",
                        "org.parloir.xmpp.ext..", "org.parloir.xmpp.im..", "org.parloir.xmpp.net..")
                .check(MAIN);
    }

    @Test
    void bridgeMediaKnowsNoSignalling() {
        // issue 11: ICE, DTLS, SRTP and the relay are unit-tested with known-answer vectors, without XMPP or SIP types
        noClasses().that().resideInAPackage("org.parloir.bridge.media..")
                .should().dependOnClassesThat().resideInAnyPackage("org.parloir.xmpp..", "org.parloir.sip..",
                        "javax.sip..", "org.springframework..")
                .check(MAIN);
    }

    @Test
    void theBridgeMeetsTheProtocolsThroughTheirApiAndSpi() {
        // issue 11: the bridge sees XMPP as a stanza model, a service hook and its api (which devices take Jingle
        // calls), SIP as its api; neither sees it
        noClasses().that().resideInAPackage("org.parloir.bridge..")
                .should().dependOnClassesThat(com.tngtech.archunit.core.domain.JavaClass.Predicates
                        .resideInAnyPackage("org.parloir.xmpp..", "org.parloir.sip..")
                        .and(com.tngtech.archunit.base.DescribedPredicate.not(
                                com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage(
                                        "org.parloir.xmpp.api..", "org.parloir.xmpp.spi..",
                                        "org.parloir.xmpp.stanza..", "org.parloir.sip.api.."))))
                .check(MAIN);
        noClasses().that().resideInAnyPackage("org.parloir.xmpp..", "org.parloir.sip..")
                .should().dependOnClassesThat().resideInAPackage("org.parloir.bridge..").check(MAIN);
        noClasses().that().resideInAnyPackage("org.parloir.xmpp.spi..", "org.parloir.sip.api..")
                .should().dependOnClassesThat().resideInAnyPackage("org.parloir.xmpp.router..",
                        "org.parloir.xmpp.im..", "org.parloir.xmpp.stream..", "org.parloir.sip.proxy..",
                        "org.parloir.sip.b2bua..", "org.parloir.sip.stack..", "javax.sip..")
                .check(MAIN);
    }

    @Test
    void sipChoosesResponseStatusesInOnePlace() {
        // STYLE.md: a service returns a Refusal and SipResponses alone builds the response (status, phrase, the
        // headers the status requires, To tag); sip.stack is the JAIN-SIP adapter and may build its own
        noClasses().that().resideOutsideOfPackage("org.parloir.sip.stack..")
                .and().doNotHaveFullyQualifiedName("org.parloir.sip.SipResponses")
                .should().callMethodWhere(JavaCall.Predicates.target(HasName.Predicates.name("createResponse"))
                        .and(JavaCall.Predicates.target(HasOwner.Predicates.With.owner(
                                JavaClass.Predicates.assignableTo(MessageFactory.class)))))
                .check(MAIN);
    }

    @Test
    void routingIsPureOfTransportAndStorage() {
        noClasses().that().resideInAPackage("org.parloir.sip.routing..")
                .should().dependOnClassesThat().resideInAnyPackage("org.parloir.sip.proxy..",
                        "org.springframework.jdbc..", "org.springframework.ldap..", "javax.sip")
                .check(MAIN);
    }

    @Test
    void noLog4j1OnTheClasspath() {
        // log4j-over-slf4j provides org.apache.log4j.Logger; the real log4j 1.x jar would also bring this class
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Class.forName("org.apache.log4j.net.SocketNode"))
                .isInstanceOf(ClassNotFoundException.class);
    }
}
