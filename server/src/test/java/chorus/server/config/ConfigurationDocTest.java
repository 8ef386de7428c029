package chorus.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigurationDocTest {
    @Test
    void docsListEverySettingAsTheCodeDefinesIt() throws IOException {
        Path doc = Path.of("..", "docs", "configuration.md");

        assertThat(Files.readString(doc))
                .as("docs/configuration.md is generated: java -cp server/target/classes "
                        + "chorus.server.config.ConfigurationDoc > docs/configuration.md")
                .isEqualTo(ConfigurationDoc.markdown());
    }
}
