; Inno Setup 6 script for the station; installer\build-windows.ps1 calls it as
;   iscc /DAppVersion=0.1.0 /DSourceDir=C:\...\dist\furusato-field /OC:\...\dist installer\furusato-field.iss
; Installs per user by default (no administrator needed on a municipal laptop); the data folder
; (%LOCALAPPDATA%\furusato-field, platformdirs) is never touched by install, upgrade or uninstall.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\dist\furusato-field"
#endif

[Setup]
AppId={{6C1E2F0A-3B7D-4E55-9A51-F0E5A7C2B9D4}
AppName=Furusato Field
AppVerName=Furusato Field {#AppVersion}
AppVersion={#AppVersion}
AppPublisher=Furusato Field
DefaultDirName={autopf}\Furusato Field
DefaultGroupName=Furusato Field
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputBaseFilename=furusato-field-{#AppVersion}-setup
SetupIconFile=icon\furusato-field.ico
UninstallDisplayIcon={app}\furusato-field-gui.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
DisableProgramGroupPage=yes

[Languages]
Name: "japanese"; MessagesFile: "compiler:Languages\Japanese.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
; The whole one-folder bundle; an upgrade replaces the program, never the data folder.
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; A previous version's libraries must not linger beside the new ones.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{group}\ふるさと住民登録 活動受付"; Filename: "{app}\furusato-field-gui.exe"; WorkingDir: "{app}"
Name: "{group}\Furusato Field self-test"; Filename: "{cmd}"; Parameters: "/k ""{app}\furusato-field.exe"" self-test"; WorkingDir: "{app}"
Name: "{autodesktop}\ふるさと住民登録 活動受付"; Filename: "{app}\furusato-field-gui.exe"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\furusato-field-gui.exe"; Description: "{cm:LaunchProgram,Furusato Field}"; Flags: nowait postinstall skipifsilent
