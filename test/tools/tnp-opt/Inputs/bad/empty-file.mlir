"tnp.zeros"() : () -> ()
