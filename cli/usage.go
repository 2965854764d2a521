package cli

import (
	"github.com/gtg-dev/gtg"
	"github.com/spf13/cobra"
)

// usageErrors makes every argument mistake under c a usage error (EINVALID,
// exit 2, the command's usage line) instead of an internal one: cobra's
// argument checks and its "unknown command" return plain errors. A group of
// commands given an unknown subcommand says so; without one it prints its help.
func usageErrors(c *cobra.Command) {
	if check := c.Args; check != nil {
		c.Args = func(cmd *cobra.Command, args []string) error {
			err := check(cmd, args)
			if err == nil || gtg.ErrorCode(err) != gtg.EINTERNAL {
				return err
			}
			return usageErr(cmd, "%v", err)
		}
	}
	if c.HasSubCommands() && c.Run == nil && c.RunE == nil {
		c.Args = func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return unknownCommand(cmd, args[0])
			}
			return nil
		}
		c.RunE = func(cmd *cobra.Command, _ []string) error { return cmd.Help() }
	}
	for _, sub := range c.Commands() {
		usageErrors(sub)
	}
}

// unknownCommand is the error for arguments that name no command under c.
func unknownCommand(c *cobra.Command, name string) error {
	return gtg.Errorf(gtg.EINVALID, "unknown command %q for %q (see %s --help)", name, c.CommandPath(), c.CommandPath())
}
