
[assembly: System.CLSCompliant(false)]
