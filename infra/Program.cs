return Platform.Infra.Cli.Run(args, Platform.Infra.Configuration.ProcessEnvironment.Read(), Console.Out, Console.Error);
