package org.parloir.testing;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.parloir.sip.registrar.LocationService;

/**
 * One running {@link ParloirServer} per named profile for the whole test run: the first class that asks for a
 * profile starts it, later classes asking for the same name get the same server, and it stops when the run ends
 * (a resource of the root extension context). Use as
 * <pre>{@code
 * @RegisterExtension
 * static final SharedServer SERVER = SharedServer.profile("gateway-fr", s -> s.gateway(named("gw").rewrite("+33", "0")));
 * }</pre>
 * A name has one definition: a class whose definition gives other properties than the running profile's fails
 * before its tests run. Ports the definition picks (the server's, its gateways') are the profile's, read from it
 * ({@link #gatewayPort(int)}), so the classes sharing it agree; its data folder is a temporary one of its own.
 * <p>
 * A shared server keeps what a class leaves: a class that leaves registrations behind fails (and they are removed,
 * so the next class starts clean). Classes that count records or meters need a profile of their own, or to count
 * only their own calls.
 */
public final class SharedServer implements BeforeAllCallback, AfterAllCallback {

    /** The application's configuration as a new install has it, on test ports. */
    public static final String DEFAULTS = "defaults";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedServer.class);

    private final String name;
    private final Consumer<ParloirServer> definition;
    private SharedProfile profile;
    private Set<String> registeredBefore = Set.of();

    private SharedServer(String name, Consumer<ParloirServer> definition) {
        this.name = name;
        this.definition = definition;
    }

    /** The profile {@code name}, set up by {@code definition} from a new server's defaults when first asked for. */
    public static SharedServer profile(String name, Consumer<ParloirServer> definition) {
        return new SharedServer(name, definition);
    }

    /** The profile {@value #DEFAULTS}: no property beyond {@link ParloirServer}'s own. */
    public static SharedServer defaults() {
        return profile(DEFAULTS, server -> { });
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        SharedProfile running = context.getRoot().getStore(NAMESPACE).computeIfAbsent(name,
                n -> SharedProfile.start(n, definition, testClass), SharedProfile.class);
        running.requireSameDefinition(definition, testClass);
        profile = running;
        registeredBefore = Set.copyOf(bean(LocationService.class).all().keySet());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        LocationService location = bean(LocationService.class);
        Set<String> left = new TreeSet<>(location.all().keySet());
        left.removeAll(registeredBefore);
        left.forEach(location::remove);
        if (!left.isEmpty()) {
            throw new IllegalStateException(context.getRequiredTestClass().getSimpleName() + " left registrations of "
                    + left + " on the shared server \"" + name + "\": remove them in @AfterAll so others start clean");
        }
    }

    /** The running server (between this class's first and last test). */
    public ParloirServer server() {
        if (profile == null) {
            throw new IllegalStateException("profile \"" + name + "\" is started before the class's @BeforeAll");
        }
        return profile.server();
    }

    public String name() {
        return name;
    }

    public <T> T bean(Class<T> type) {
        return server().bean(type);
    }

    public int sipPort() {
        return server().sipPort();
    }

    public String sipHostPort() {
        return server().sipHostPort();
    }

    public int gatewayPort(int index) {
        return server().gatewayPort(index);
    }

    public Path dataDir() {
        return server().dataDir();
    }
}
