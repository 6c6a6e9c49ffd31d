/// The themes compiled into the binary, so the dashboard works when no theme directory is
/// found (a copied binary, a read-only system). They are the shipped `themes/default.yaml` and
/// `themes/mono.yaml` verbatim; a test keeps them identical to the files.
enum BuiltinThemes {
    /// (name, YAML) pairs.
    static let all: [(String, String)] = [("default", defaultYAML), ("mono", monoYAML)]

    static let defaultYAML = """
        # ethotop theme "default": the terminal's own 16 colours and its own background, so it reads
        # well on light and dark terminals alike (the colours are whatever the terminal calls red, green…).
        #
        # Colours: black red green yellow blue magenta cyan white, bright_black … bright_white,
        # `default` (the terminal's own), a palette name, or "#rrggbb" (quoted: an unquoted # starts a
        # comment), mapped to the nearest of 256 colours, or of 8 on 8-colour terminals.
        # Attributes: bold dim underline reverse italic. Roles left out inherit (see docs/DASHBOARD.md).
        name: default
        description: The terminal's 16 colours on its default background.
        roles:
          normal:              { fg: default, bg: default }
          muted:               { attrs: [dim] }
          border:              { fg: bright_black }
          border_focused:      { fg: cyan, attrs: [bold] }
          title:               { fg: default }
          title_focused:       { fg: cyan, attrs: [bold] }
          header:              { fg: black, bg: cyan }
          header_accent:       { fg: black, bg: cyan, attrs: [bold] }
          table_header:        { attrs: [bold] }
          table_header_sorted: { fg: cyan, attrs: [bold, underline] }
          selection:           { attrs: [reverse] }
          selection_inactive:  { attrs: [underline] }
          state_closed:        { fg: green }
          state_half_open:     { fg: yellow }
          state_open:          { fg: red, attrs: [bold] }
          state_forced_open:   { fg: magenta, attrs: [bold] }
          state_disabled:      { attrs: [dim] }
          good:                { fg: green }
          warn:                { fg: yellow }
          bad:                 { fg: red }
          bar:                 { fg: cyan }
          bar_empty:           { attrs: [dim] }
          bar_warn:            { fg: yellow }
          graph_low:           { fg: green }
          graph_mid:           { fg: yellow }
          graph_high:          { fg: red }
          key_bar:             { fg: default }
          key_bar_key:         { fg: black, bg: cyan }
          overlay:             { fg: default }
          prompt:              { fg: yellow, attrs: [bold] }
          filter:              { fg: yellow }
          event_time:          { attrs: [dim] }
          event_operator:      { fg: cyan }
          event_error:         { fg: red }
          event_info:          { fg: default }
          event_reload:        { fg: blue }
          marker:              { fg: yellow, attrs: [bold] }
          warning:             { fg: red, attrs: [bold] }
        """

    static let monoYAML = """
        # ethotop theme "mono": no colour at all (NO_COLOR selects it). Severity is carried by
        # attributes: open is bold reverse, forced open reverse, half-open underlined, disabled dim —
        # on top of the glyph and the word every state has anyway.
        name: mono
        description: No colour; bold, underline and reverse carry severity.
        roles:
          normal:              { fg: default, bg: default }
          muted:               { attrs: [dim] }
          border:              { attrs: [dim] }
          border_focused:      { attrs: [bold] }
          title:               {}
          title_focused:       { attrs: [bold, underline] }
          header:              { attrs: [reverse] }
          header_accent:       { attrs: [reverse, bold] }
          table_header:        { attrs: [bold] }
          table_header_sorted: { attrs: [bold, underline] }
          selection:           { attrs: [reverse] }
          selection_inactive:  { attrs: [underline] }
          state_closed:        {}
          state_half_open:     { attrs: [underline] }
          state_open:          { attrs: [bold, reverse] }
          state_forced_open:   { attrs: [reverse] }
          state_disabled:      { attrs: [dim] }
          good:                {}
          warn:                { attrs: [underline] }
          bad:                 { attrs: [bold] }
          bar:                 {}
          bar_empty:           { attrs: [dim] }
          bar_warn:            { attrs: [bold] }
          graph_low:           { attrs: [dim] }
          graph_mid:           {}
          graph_high:          { attrs: [bold] }
          key_bar:             {}
          key_bar_key:         { attrs: [reverse] }
          overlay:             {}
          prompt:              { attrs: [bold] }
          filter:              { attrs: [underline] }
          event_time:          { attrs: [dim] }
          event_operator:      { attrs: [bold] }
          event_error:         { attrs: [bold] }
          event_info:          {}
          event_reload:        { attrs: [underline] }
          marker:              { attrs: [reverse, bold] }
          warning:             { attrs: [bold, underline] }
        """
}
